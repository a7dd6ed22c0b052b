package dev.fabricplanner.probe.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.FloatByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The loaded libcudart, with every call checked: a failing call throws {@link CudaException}
 * carrying the error name and string CUDA gave. CUDA's current device is per host thread, so one
 * instance is used from one thread at a time.
 */
public final class CudaRuntime {
  private final CudartLibrary cuda;
  private final String path;

  CudaRuntime(CudartLibrary cuda, String path) {
    this.cuda = cuda;
    this.path = path;
  }

  /** The libcudart file that was loaded. */
  public String path() {
    return path;
  }

  /** "cudaErrorNoDevice (100): no CUDA-capable device is detected", from CUDA itself. */
  public String describe(int error) {
    return cuda.cudaGetErrorName(error) + " (" + error + "): " + cuda.cudaGetErrorString(error);
  }

  void check(int error, String call) {
    if (error != CudartLibrary.SUCCESS) {
      throw new CudaException(call + ": " + describe(error), error);
    }
  }

  /** cudaRuntimeGetVersion: works without a driver. */
  public int runtimeVersion() {
    IntByReference version = new IntByReference();
    check(cuda.cudaRuntimeGetVersion(version), "cudaRuntimeGetVersion");
    return version.getValue();
  }

  /** cudaDriverGetVersion: 0 when no driver is installed. */
  public int driverVersion() {
    IntByReference version = new IntByReference();
    check(cuda.cudaDriverGetVersion(version), "cudaDriverGetVersion");
    return version.getValue();
  }

  public int deviceCount() {
    IntByReference count = new IntByReference();
    check(cuda.cudaGetDeviceCount(count), "cudaGetDeviceCount");
    return count.getValue();
  }

  public void setDevice(int device) {
    check(cuda.cudaSetDevice(device), "cudaSetDevice(" + device + ")");
  }

  public int attribute(int attribute, int device) {
    IntByReference value = new IntByReference();
    check(
        cuda.cudaDeviceGetAttribute(value, attribute, device),
        "cudaDeviceGetAttribute(" + attribute + ", " + device + ")");
    return value.getValue();
  }

  /** "0000:18:00.0". */
  public String pciBusId(int device) {
    byte[] buffer = new byte[64];
    check(cuda.cudaDeviceGetPCIBusId(buffer, buffer.length, device), "cudaDeviceGetPCIBusId");
    return cString(buffer, 0, buffer.length);
  }

  /** Name and UUID from the stable head of cudaDeviceProp (name[256], then the 16-byte uuid). */
  public DeviceIdentity identity(int device) {
    try (Memory prop = new Memory(CudartLibrary.DEVICE_PROP_BUFFER_BYTES)) {
      prop.clear();
      int error;
      try {
        error = cuda.cudaGetDeviceProperties_v2(prop, device);
      } catch (UnsatisfiedLinkError cuda13) {
        // CUDA 13 dropped the _v2 alias; both layouts start with name and uuid.
        error = cuda.cudaGetDeviceProperties(prop, device);
      }
      check(error, "cudaGetDeviceProperties");
      byte[] name =
          prop.getByteArray(
              CudartLibrary.DEVICE_PROP_NAME_OFFSET, CudartLibrary.DEVICE_PROP_NAME_BYTES);
      byte[] uuid = prop.getByteArray(CudartLibrary.DEVICE_PROP_UUID_OFFSET, 16);
      return new DeviceIdentity(cString(name, 0, name.length), formatUuid(uuid));
    }
  }

  /** A GPU's marketing name and NVML-style UUID. */
  public record DeviceIdentity(String name, String uuid) {}

  /** "GPU-" + 8-4-4-4-12 hex digits, the form NVML and nvidia-smi print. */
  static String formatUuid(byte[] uuid) {
    String hex = HexFormat.of().formatHex(uuid);
    return "GPU-"
        + hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20, 32);
  }

  /** Total device memory of the current device (cudaMemGetInfo). */
  public long totalMemory() {
    LongByReference free = new LongByReference();
    LongByReference total = new LongByReference();
    check(cuda.cudaMemGetInfo(free, total), "cudaMemGetInfo");
    return total.getValue();
  }

  public boolean canAccessPeer(int device, int peer) {
    IntByReference can = new IntByReference();
    check(cuda.cudaDeviceCanAccessPeer(can, device, peer), "cudaDeviceCanAccessPeer");
    return can.getValue() != 0;
  }

  /** Lets the current device map peer's memory; enabling twice is not an error. */
  public void enablePeerAccess(int peer) {
    int error = cuda.cudaDeviceEnablePeerAccess(peer, 0);
    if (error != CudartLibrary.ERROR_PEER_ACCESS_ALREADY_ENABLED) {
      check(error, "cudaDeviceEnablePeerAccess(" + peer + ")");
    }
  }

  public void synchronize() {
    check(cuda.cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  }

  public Pointer malloc(long bytes) {
    PointerByReference pointer = new PointerByReference();
    check(cuda.cudaMalloc(pointer, bytes), "cudaMalloc(" + bytes + ")");
    return pointer.getValue();
  }

  public void free(Pointer devicePointer) {
    check(cuda.cudaFree(devicePointer), "cudaFree");
  }

  /** Page-locked host memory, so H2D/D2H copies are DMA at full PCIe speed. */
  public Pointer mallocHost(long bytes) {
    PointerByReference pointer = new PointerByReference();
    check(cuda.cudaMallocHost(pointer, bytes), "cudaMallocHost(" + bytes + ")");
    return pointer.getValue();
  }

  public void freeHost(Pointer hostPointer) {
    check(cuda.cudaFreeHost(hostPointer), "cudaFreeHost");
  }

  public void memset(Pointer devicePointer, int value, long bytes) {
    check(cuda.cudaMemset(devicePointer, value, bytes), "cudaMemset");
  }

  public void memcpy(Pointer dst, Pointer src, long bytes, int kind) {
    check(cuda.cudaMemcpy(dst, src, bytes, kind), "cudaMemcpy(kind " + kind + ")");
  }

  public void memcpyPeer(Pointer dst, int dstDevice, Pointer src, int srcDevice, long bytes) {
    check(cuda.cudaMemcpyPeer(dst, dstDevice, src, srcDevice, bytes), "cudaMemcpyPeer");
  }

  public Pointer eventCreate() {
    PointerByReference event = new PointerByReference();
    check(cuda.cudaEventCreate(event), "cudaEventCreate");
    return event.getValue();
  }

  /** Records on the legacy default stream, which orders it with the blocking copies around it. */
  public void eventRecord(Pointer event) {
    check(cuda.cudaEventRecord(event, null), "cudaEventRecord");
  }

  /**
   * Milliseconds between two recorded events, after waiting for the second (about 0.5 us
   * resolution).
   */
  public float elapsedMillis(Pointer start, Pointer stop) {
    check(cuda.cudaEventSynchronize(stop), "cudaEventSynchronize");
    FloatByReference ms = new FloatByReference();
    check(cuda.cudaEventElapsedTime(ms, start, stop), "cudaEventElapsedTime");
    return ms.getValue();
  }

  public void eventDestroy(Pointer event) {
    check(cuda.cudaEventDestroy(event), "cudaEventDestroy");
  }

  /** The 64-byte handle another process can open to map this allocation. */
  public byte[] ipcGetMemHandle(Pointer devicePointer) {
    CudartLibrary.IpcMemHandle handle = new CudartLibrary.IpcMemHandle();
    check(cuda.cudaIpcGetMemHandle(handle, devicePointer), "cudaIpcGetMemHandle");
    handle.read();
    return handle.reserved.clone();
  }

  public Pointer ipcOpenMemHandle(byte[] handle) {
    PointerByReference pointer = new PointerByReference();
    check(
        cuda.cudaIpcOpenMemHandle(
            pointer,
            new CudartLibrary.IpcMemHandle.ByValue(handle),
            CudartLibrary.IPC_MEM_LAZY_ENABLE_PEER_ACCESS),
        "cudaIpcOpenMemHandle");
    return pointer.getValue();
  }

  public void ipcCloseMemHandle(Pointer mapped) {
    check(cuda.cudaIpcCloseMemHandle(mapped), "cudaIpcCloseMemHandle");
  }

  static String cString(byte[] bytes, int offset, int max) {
    int end = offset;
    while (end < offset + max && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
