package dev.fabricplanner.probe.cuda;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds a {@link GpuInventory} from the CUDA runtime (devices, bus ids, peer access) and, when
 * present, NVML (UUIDs, names, memory, NVLink, path classes, P2P status).
 */
final class InventoryReader {
  private InventoryReader() {}

  /**
   * Reads the inventory; when an NVML query fails part-way (a GPU NVML cannot see, a MIG setup),
   * reads again from CUDA alone and says why in {@link GpuInventory#nvmlStatus()}.
   */
  static GpuInventory read(CudaRuntime cuda, NvmlSession nvml, String nvmlStatus) {
    if (nvml == null) {
      return readWith(cuda, null, nvmlStatus);
    }
    try {
      return readWith(cuda, nvml, nvmlStatus);
    } catch (CudaException e) {
      if (e.getMessage().startsWith("nvml")) {
        return readWith(cuda, null, "NVML query failed: " + e.getMessage());
      }
      throw e;
    }
  }

  private static GpuInventory readWith(CudaRuntime cuda, NvmlSession nvml, String nvmlStatus) {
    int count = cuda.deviceCount();
    List<GpuInfo> gpus = new ArrayList<>();
    List<Pointer> handles = new ArrayList<>();
    List<PciAddress> addresses = new ArrayList<>();
    List<List<NvlinkRemote>> links = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      String busId = cuda.pciBusId(index);
      String capability =
          cuda.attribute(CudartLibrary.ATTR_COMPUTE_CAPABILITY_MAJOR, index)
              + "."
              + cuda.attribute(CudartLibrary.ATTR_COMPUTE_CAPABILITY_MINOR, index);
      CudaRuntime.DeviceIdentity identity = cuda.identity(index);
      Pointer handle = nvml == null ? null : nvml.deviceByBusId(busId);
      handles.add(handle);
      addresses.add(PciAddress.parse(busId));
      List<NvlinkRemote> active = handle == null ? List.of() : nvml.activeLinks(handle);
      links.add(active);
      long vram;
      if (handle != null) {
        vram = nvml.totalMemory(handle);
      } else {
        cuda.setDevice(index);
        vram = cuda.totalMemory();
      }
      int numa =
          sysfsNumaNode(busId)
              .or(() -> handle == null ? Optional.empty() : nvml.numaNode(handle))
              .orElse(-1);
      gpus.add(
          new GpuInfo(
              index,
              handle == null ? identity.uuid() : nvml.uuid(handle),
              handle == null ? identity.name() : nvml.name(handle),
              vram,
              busId,
              numa,
              capability,
              active.size(),
              (int) active.stream().filter(NvlinkRemote::toSwitch).count()));
    }
    int[][] nvlinks = NvlinkMesh.linkCounts(addresses, links);
    List<GpuPair> pairs = new ArrayList<>();
    for (int a = 0; a < count; a++) {
      for (int b = a + 1; b < count; b++) {
        pairs.add(pair(cuda, nvml, handles, nvlinks[a][b], a, b));
      }
    }
    return new GpuInventory(
        cuda.path(), cuda.runtimeVersion(), cuda.driverVersion(), nvmlStatus, gpus, pairs);
  }

  private static GpuPair pair(
      CudaRuntime cuda, NvmlSession nvml, List<Pointer> handles, int nvlinks, int a, int b) {
    Pointer ha = handles.get(a);
    Pointer hb = handles.get(b);
    boolean known = ha != null && hb != null;
    PathClass ancestor = known ? nvml.commonAncestor(ha, hb) : PathClass.UNKNOWN;
    return new GpuPair(
        a,
        b,
        cuda.canAccessPeer(a, b),
        cuda.canAccessPeer(b, a),
        nvlinks,
        nvlinks > 0 ? PathClass.NVL : ancestor,
        known ? nvml.p2pStatus(ha, hb, NvmlLibrary.P2P_CAPS_INDEX_READ) : P2pStatus.NOT_PROBED,
        known ? nvml.p2pStatus(ha, hb, NvmlLibrary.P2P_CAPS_INDEX_WRITE) : P2pStatus.NOT_PROBED,
        known ? nvml.p2pStatus(ha, hb, NvmlLibrary.P2P_CAPS_INDEX_NVLINK) : P2pStatus.NOT_PROBED);
  }

  /** The kernel's NUMA node for the GPU's PCI function; -1 there means "no affinity". */
  static Optional<Integer> sysfsNumaNode(String busId) {
    Path file = Path.of("/sys/bus/pci/devices", busId.toLowerCase(Locale.ROOT), "numa_node");
    try {
      return Optional.of(Integer.parseInt(Files.readString(file).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
