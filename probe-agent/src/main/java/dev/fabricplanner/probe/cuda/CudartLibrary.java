package dev.fabricplanner.probe.cuda;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.FloatByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The slice of the CUDA runtime API (libcudart 12 and 13) the probe calls, mapped through JNA.
 * Every function returns a {@code cudaError_t}; {@code size_t} is a Java {@code long} (64-bit Linux
 * only). Device facts come from {@code cudaDeviceGetAttribute} rather than the {@code
 * cudaDeviceProp} struct, whose layout changes between major versions; only its stable prefix
 * (name, uuid) is read.
 */
public interface CudartLibrary extends Library {
  int SUCCESS = 0;
  int ERROR_INSUFFICIENT_DRIVER = 35;
  int ERROR_NO_DEVICE = 100;
  int ERROR_PEER_ACCESS_ALREADY_ENABLED = 704;

  int ATTR_PCI_BUS_ID = 33;
  int ATTR_PCI_DEVICE_ID = 34;
  int ATTR_PCI_DOMAIN_ID = 50;
  int ATTR_COMPUTE_CAPABILITY_MAJOR = 75;
  int ATTR_COMPUTE_CAPABILITY_MINOR = 76;
  int ATTR_MULTI_PROCESSOR_COUNT = 16;
  int ATTR_UNIFIED_ADDRESSING = 41;

  int MEMCPY_HOST_TO_DEVICE = 1;
  int MEMCPY_DEVICE_TO_HOST = 2;
  int MEMCPY_DEVICE_TO_DEVICE = 3;

  /**
   * Direction inferred from the pointers (unified virtual addressing), used for IPC-mapped memory.
   */
  int MEMCPY_DEFAULT = 4;

  int IPC_MEM_LAZY_ENABLE_PEER_ACCESS = 0x01;
  int IPC_HANDLE_SIZE = 64;

  /** Generous buffer for cudaDeviceProp (about 1 KiB in CUDA 12/13); only its prefix is read. */
  int DEVICE_PROP_BUFFER_BYTES = 8192;

  int DEVICE_PROP_NAME_OFFSET = 0;
  int DEVICE_PROP_NAME_BYTES = 256;
  int DEVICE_PROP_UUID_OFFSET = 256;

  String cudaGetErrorString(int error);

  String cudaGetErrorName(int error);

  int cudaRuntimeGetVersion(IntByReference version);

  int cudaDriverGetVersion(IntByReference version);

  int cudaGetDeviceCount(IntByReference count);

  int cudaSetDevice(int device);

  int cudaDeviceGetAttribute(IntByReference value, int attribute, int device);

  int cudaGetDeviceProperties(Pointer prop, int device);

  /** CUDA 12's name for the current layout (its headers map cudaGetDeviceProperties to it). */
  int cudaGetDeviceProperties_v2(Pointer prop, int device);

  int cudaDeviceGetPCIBusId(byte[] pciBusId, int len, int device);

  int cudaMemGetInfo(LongByReference free, LongByReference total);

  int cudaDeviceCanAccessPeer(IntByReference canAccessPeer, int device, int peerDevice);

  int cudaDeviceEnablePeerAccess(int peerDevice, int flags);

  int cudaDeviceSynchronize();

  int cudaMalloc(PointerByReference devPtr, long size);

  int cudaFree(Pointer devPtr);

  int cudaMallocHost(PointerByReference ptr, long size);

  int cudaFreeHost(Pointer ptr);

  int cudaMemset(Pointer devPtr, int value, long count);

  int cudaMemcpy(Pointer dst, Pointer src, long count, int kind);

  int cudaMemcpyPeer(Pointer dst, int dstDevice, Pointer src, int srcDevice, long count);

  int cudaEventCreate(PointerByReference event);

  int cudaEventRecord(Pointer event, Pointer stream);

  int cudaEventSynchronize(Pointer event);

  int cudaEventElapsedTime(FloatByReference ms, Pointer start, Pointer end);

  int cudaEventDestroy(Pointer event);

  int cudaIpcGetMemHandle(IpcMemHandle handle, Pointer devPtr);

  int cudaIpcOpenMemHandle(PointerByReference devPtr, IpcMemHandle.ByValue handle, int flags);

  int cudaIpcCloseMemHandle(Pointer devPtr);

  /** {@code cudaIpcMemHandle_t}: 64 opaque bytes, passed by value to cudaIpcOpenMemHandle. */
  @Structure.FieldOrder({"reserved"})
  class IpcMemHandle extends Structure {
    public byte[] reserved = new byte[IPC_HANDLE_SIZE];

    /** The by-value form cudaIpcOpenMemHandle takes. */
    public static final class ByValue extends IpcMemHandle implements Structure.ByValue {
      public ByValue() {}

      public ByValue(byte[] bytes) {
        System.arraycopy(bytes, 0, reserved, 0, IPC_HANDLE_SIZE);
      }
    }
  }
}
