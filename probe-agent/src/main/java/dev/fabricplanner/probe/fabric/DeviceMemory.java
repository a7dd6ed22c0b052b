package dev.fabricplanner.probe.fabric;

import com.sun.jna.Pointer;

/**
 * GPU memory as the GPU-memory payload test needs it: allocate, free, and copy to and from host memory.
 * The CUDA probe implements it ({@code cuda.CudaDeviceMemory}); this package stays free of CUDA.
 */
public interface DeviceMemory {
  /** The device ordinal buffers are allocated on (FI_HMEM_CUDA's device). */
  int device();

  /** A device allocation's address. */
  long allocate(long bytes);

  void free(long devicePointer);

  /** cudaMemcpy host to device. */
  void copyToDevice(long devicePointer, Pointer host, long bytes);

  /** cudaMemcpy device to host. */
  void copyToHost(Pointer host, long devicePointer, long bytes);
}
