package dev.fabricplanner.probe.cuda;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An initialised NVML (nvmlInit_v2 ... nvmlShutdown). GPUs are looked up by PCI bus id, because
 * NVML's indices ignore CUDA_VISIBLE_DEVICES and CUDA's device order.
 */
public final class NvmlSession implements AutoCloseable {
  private final NvmlLibrary nvml;
  private final String path;

  private NvmlSession(NvmlLibrary nvml, String path) {
    this.nvml = nvml;
    this.path = path;
  }

  /** NVML ready to query, or the reason it is not (library missing, or nvmlInit_v2's error). */
  public record Opening(NvmlSession session, String skipReason) {
    public Optional<NvmlSession> available() {
      return Optional.ofNullable(session);
    }
  }

  public static Opening open(CudaLibraryPaths paths) {
    NativeLibraryLocator.Located<NvmlLibrary> located =
        NativeLibraryLocator.locate(NvmlLibrary.class, paths.nvmlCandidates());
    if (!located.found()) {
      return new Opening(null, "NVML not loaded: " + located.failure());
    }
    NvmlSession session = new NvmlSession(located.library(), located.path());
    int result;
    try {
      result = located.library().nvmlInit_v2();
    } catch (UnsatisfiedLinkError e) {
      return new Opening(null, located.path() + " is not NVML: " + e.getMessage());
    }
    if (result != NvmlLibrary.SUCCESS) {
      return new Opening(null, "nvmlInit_v2 (" + located.path() + "): " + session.describe(result));
    }
    return new Opening(session, null);
  }

  public String path() {
    return path;
  }

  /** nvmlSystemGetDriverVersion, or empty when NVML does not answer. */
  public Optional<String> driverVersion() {
    byte[] text = new byte[80];
    try {
      if (nvml.nvmlSystemGetDriverVersion(text, text.length) != NvmlLibrary.SUCCESS) {
        return Optional.empty();
      }
    } catch (UnsatisfiedLinkError olderDriver) {
      return Optional.empty();
    }
    int end = 0;
    while (end < text.length && text[end] != 0) {
      end++;
    }
    return end == 0 ? Optional.empty() : Optional.of(new String(text, 0, end, java.nio.charset.StandardCharsets.US_ASCII));
  }

  String describe(int result) {
    return "NVML error " + result + ": " + nvml.nvmlErrorString(result);
  }

  private void check(int result, String call) {
    if (result != NvmlLibrary.SUCCESS) {
      throw new CudaException(call + ": " + describe(result), result);
    }
  }

  /** The device at a CUDA PCI bus id ("0000:18:00.0"). */
  public Pointer deviceByBusId(String busId) {
    PointerByReference device = new PointerByReference();
    check(nvml.nvmlDeviceGetHandleByPciBusId_v2(busId, device), "nvmlDeviceGetHandleByPciBusId_v2");
    return device.getValue();
  }

  public String uuid(Pointer device) {
    byte[] buffer = new byte[NvmlLibrary.DEVICE_UUID_BUFFER_SIZE];
    check(nvml.nvmlDeviceGetUUID(device, buffer, buffer.length), "nvmlDeviceGetUUID");
    return CudaRuntime.cString(buffer, 0, buffer.length);
  }

  public String name(Pointer device) {
    byte[] buffer = new byte[NvmlLibrary.DEVICE_NAME_BUFFER_SIZE];
    check(nvml.nvmlDeviceGetName(device, buffer, buffer.length), "nvmlDeviceGetName");
    return CudaRuntime.cString(buffer, 0, buffer.length);
  }

  public long totalMemory(Pointer device) {
    NvmlLibrary.Memory memory = new NvmlLibrary.Memory();
    check(nvml.nvmlDeviceGetMemoryInfo(device, memory), "nvmlDeviceGetMemoryInfo");
    memory.read();
    return memory.total;
  }

  public PciAddress pciAddress(Pointer device) {
    NvmlLibrary.PciInfo pci = new NvmlLibrary.PciInfo();
    check(nvml.nvmlDeviceGetPciInfo_v3(device, pci), "nvmlDeviceGetPciInfo_v3");
    pci.read();
    return new PciAddress(pci.domain, pci.bus, pci.device);
  }

  /** nvmlDeviceGetNumaNodeId (newer drivers); empty when unsupported or absent. */
  public Optional<Integer> numaNode(Pointer device) {
    try {
      IntByReference node = new IntByReference();
      if (nvml.nvmlDeviceGetNumaNodeId(device, node) == NvmlLibrary.SUCCESS) {
        return Optional.of(node.getValue());
      }
    } catch (UnsatisfiedLinkError olderDriver) {
      // The symbol arrived in later drivers; the caller falls back to sysfs.
    }
    return Optional.empty();
  }

  /**
   * Every active NVLink of a device and its far end. A GPU without NVLink answers NOT_SUPPORTED and
   * has none; links past the device's count answer INVALID_ARGUMENT and are skipped.
   */
  public List<NvlinkRemote> activeLinks(Pointer device) {
    List<NvlinkRemote> links = new ArrayList<>();
    for (int link = 0; link < NvmlLibrary.NVLINK_MAX_LINKS; link++) {
      IntByReference active = new IntByReference();
      int result = nvml.nvmlDeviceGetNvLinkState(device, link, active);
      if (result == NvmlLibrary.ERROR_NOT_SUPPORTED) {
        return List.of();
      }
      if (result != NvmlLibrary.SUCCESS || active.getValue() != NvmlLibrary.FEATURE_ENABLED) {
        continue;
      }
      links.add(new NvlinkRemote(remoteIsSwitch(device, link), remoteAddress(device, link)));
    }
    return links;
  }

  private boolean remoteIsSwitch(Pointer device, int link) {
    try {
      IntByReference type = new IntByReference();
      return nvml.nvmlDeviceGetNvLinkRemoteDeviceType(device, link, type) == NvmlLibrary.SUCCESS
          && type.getValue() == NvmlLibrary.NVLINK_DEVICE_TYPE_SWITCH;
    } catch (UnsatisfiedLinkError olderDriver) {
      return false;
    }
  }

  private PciAddress remoteAddress(Pointer device, int link) {
    NvmlLibrary.PciInfo pci = new NvmlLibrary.PciInfo();
    if (nvml.nvmlDeviceGetNvLinkRemotePciInfo_v2(device, link, pci) != NvmlLibrary.SUCCESS) {
      return null;
    }
    pci.read();
    return new PciAddress(pci.domain, pci.bus, pci.device);
  }

  /** nvmlDeviceGetTopologyCommonAncestor as a path class. */
  public PathClass commonAncestor(Pointer a, Pointer b) {
    IntByReference level = new IntByReference();
    check(
        nvml.nvmlDeviceGetTopologyCommonAncestor(a, b, level),
        "nvmlDeviceGetTopologyCommonAncestor");
    return PathClass.fromNvmlTopologyLevel(level.getValue());
  }

  /** nvmlDeviceGetP2PStatus for one capability index (read, write, nvlink). */
  public P2pStatus p2pStatus(Pointer a, Pointer b, int capability) {
    IntByReference status = new IntByReference();
    int result = nvml.nvmlDeviceGetP2PStatus(a, b, capability, status);
    return result == NvmlLibrary.SUCCESS
        ? P2pStatus.fromNvml(status.getValue())
        : P2pStatus.UNKNOWN;
  }

  @Override
  public void close() {
    nvml.nvmlShutdown();
  }
}
