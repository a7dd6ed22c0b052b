package dev.fabricplanner.probe.cuda;

import com.sun.jna.Pointer;
import dev.fabricplanner.probe.fabric.DeviceMemory;

/** cudaMalloc'd memory on one GPU, for the libfabric GPU-memory test. */
public final class CudaDeviceMemory implements DeviceMemory {
  private final CudaRuntime cuda;
  private final int device;

  CudaDeviceMemory(CudaRuntime cuda, int device) {
    this.cuda = cuda;
    this.device = device;
  }

  @Override
  public int device() {
    return device;
  }

  @Override
  public long allocate(long bytes) {
    cuda.setDevice(device);
    return Pointer.nativeValue(cuda.malloc(bytes));
  }

  @Override
  public void free(long devicePointer) {
    cuda.free(new Pointer(devicePointer));
  }

  @Override
  public void copyToDevice(long devicePointer, Pointer host, long bytes) {
    cuda.memcpy(new Pointer(devicePointer), host, bytes, CudartLibrary.MEMCPY_HOST_TO_DEVICE);
  }

  @Override
  public void copyToHost(Pointer host, long devicePointer, long bytes) {
    cuda.memcpy(host, new Pointer(devicePointer), bytes, CudartLibrary.MEMCPY_DEVICE_TO_HOST);
  }
}
