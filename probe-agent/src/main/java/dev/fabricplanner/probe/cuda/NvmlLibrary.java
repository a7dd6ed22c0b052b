package dev.fabricplanner.probe.cuda;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The slice of NVML ({@code libnvidia-ml.so.1}, shipped with the driver) the probe calls. Every
 * function returns an {@code nvmlReturn_t}; {@code nvmlDevice_t} is an opaque pointer.
 */
public interface NvmlLibrary extends Library {
  int SUCCESS = 0;
  int ERROR_INVALID_ARGUMENT = 2;
  int ERROR_NOT_SUPPORTED = 3;

  int DEVICE_UUID_BUFFER_SIZE = 96;
  int DEVICE_NAME_BUFFER_SIZE = 96;

  /** NVML_NVLINK_MAX_LINKS in nvml.h (18 since the Hopper-era headers). */
  int NVLINK_MAX_LINKS = 18;

  int FEATURE_ENABLED = 1;

  int NVLINK_DEVICE_TYPE_GPU = 0;
  int NVLINK_DEVICE_TYPE_SWITCH = 2;

  int P2P_CAPS_INDEX_READ = 0;
  int P2P_CAPS_INDEX_WRITE = 1;
  int P2P_CAPS_INDEX_NVLINK = 2;

  String nvmlErrorString(int result);

  int nvmlInit_v2();

  /** The driver's version, e.g. "550.54.15" (NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE is 80). */
  int nvmlSystemGetDriverVersion(byte[] version, int length);

  int nvmlShutdown();

  int nvmlDeviceGetCount_v2(IntByReference count);

  int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

  int nvmlDeviceGetHandleByPciBusId_v2(String pciBusId, PointerByReference device);

  int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

  int nvmlDeviceGetName(Pointer device, byte[] name, int length);

  int nvmlDeviceGetMemoryInfo(Pointer device, Memory memory);

  int nvmlDeviceGetPciInfo_v3(Pointer device, PciInfo pci);

  int nvmlDeviceGetNumaNodeId(Pointer device, IntByReference node);

  int nvmlDeviceGetNvLinkState(Pointer device, int link, IntByReference isActive);

  int nvmlDeviceGetNvLinkRemotePciInfo_v2(Pointer device, int link, PciInfo pci);

  int nvmlDeviceGetNvLinkRemoteDeviceType(Pointer device, int link, IntByReference deviceType);

  int nvmlDeviceGetTopologyCommonAncestor(
      Pointer device1, Pointer device2, IntByReference pathInfo);

  int nvmlDeviceGetP2PStatus(
      Pointer device1, Pointer device2, int p2pIndex, IntByReference p2pStatus);

  /** {@code nvmlMemory_t} (v1): total, free and used bytes. */
  @Structure.FieldOrder({"total", "free", "used"})
  final class Memory extends Structure {
    public long total;
    public long free;
    public long used;
  }

  /**
   * {@code nvmlPciInfo_t} as the _v3 getters fill it: legacy 16-byte bus id, domain, bus, device,
   * PCI device id, subsystem id, then the 32-byte bus id ("00000000:18:00.0").
   */
  @Structure.FieldOrder({
    "busIdLegacy",
    "domain",
    "bus",
    "device",
    "pciDeviceId",
    "pciSubSystemId",
    "busId"
  })
  final class PciInfo extends Structure {
    public byte[] busIdLegacy = new byte[16];
    public int domain;
    public int bus;
    public int device;
    public int pciDeviceId;
    public int pciSubSystemId;
    public byte[] busId = new byte[32];
  }
}
