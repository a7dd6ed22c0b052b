package dev.fabricplanner.probe.cuda;

import com.sun.jna.Pointer;

/**
 * A copy between two buffers, each in page-locked host memory or on a GPU. Copies within one GPU or
 * between host and GPU use cudaMemcpy; between two GPUs cudaMemcpyPeer; from memory mapped out of
 * another process, cudaMemcpy with the direction inferred from unified addressing.
 */
final class BufferCopyPath implements CopyPath {
  /** A buffer: {@code gpu} is -1 for host memory; {@code foreign} memory is mapped, not owned. */
  record Buffer(Pointer pointer, int gpu, boolean foreign) {
    boolean onHost() {
      return gpu < 0;
    }
  }

  private final CudaRuntime cuda;
  private final Buffer src;
  private final Buffer dst;

  /** The device current while timing: events and default-stream copies are issued there. */
  private final int homeGpu;

  private BufferCopyPath(CudaRuntime cuda, Buffer src, Buffer dst, int homeGpu) {
    this.cuda = cuda;
    this.src = src;
    this.dst = dst;
    this.homeGpu = homeGpu;
    cuda.setDevice(homeGpu);
  }

  static BufferCopyPath deviceToDevice(CudaRuntime cuda, int gpu, long bytes) {
    return new BufferCopyPath(cuda, device(cuda, gpu, bytes), device(cuda, gpu, bytes), gpu);
  }

  static BufferCopyPath hostToDevice(CudaRuntime cuda, int gpu, long bytes) {
    cuda.setDevice(gpu);
    return new BufferCopyPath(cuda, host(cuda, bytes), device(cuda, gpu, bytes), gpu);
  }

  static BufferCopyPath deviceToHost(CudaRuntime cuda, int gpu, long bytes) {
    cuda.setDevice(gpu);
    return new BufferCopyPath(cuda, device(cuda, gpu, bytes), host(cuda, bytes), gpu);
  }

  /**
   * Peer copy; the caller has enabled peer access both ways. Timing events live on the source GPU.
   */
  static BufferCopyPath peer(CudaRuntime cuda, int srcGpu, int dstGpu, long bytes) {
    Buffer dst = device(cuda, dstGpu, bytes);
    Buffer src = device(cuda, srcGpu, bytes);
    return new BufferCopyPath(cuda, src, dst, srcGpu);
  }

  /**
   * From another process's buffer, mapped with cudaIpcOpenMemHandle, into a buffer on {@code gpu}.
   */
  static BufferCopyPath fromMapped(
      CudaRuntime cuda, Pointer mapped, int exporterGpu, int gpu, long bytes) {
    return new BufferCopyPath(
        cuda, new Buffer(mapped, exporterGpu, true), device(cuda, gpu, bytes), gpu);
  }

  private static Buffer device(CudaRuntime cuda, int gpu, long bytes) {
    cuda.setDevice(gpu);
    return new Buffer(cuda.malloc(bytes), gpu, false);
  }

  private static Buffer host(CudaRuntime cuda, long bytes) {
    return new Buffer(cuda.mallocHost(bytes), -1, false);
  }

  @Override
  public void copy(long bytes) {
    if (src.foreign()) {
      cuda.memcpy(dst.pointer(), src.pointer(), bytes, CudartLibrary.MEMCPY_DEFAULT);
    } else if (src.onHost()) {
      cuda.memcpy(dst.pointer(), src.pointer(), bytes, CudartLibrary.MEMCPY_HOST_TO_DEVICE);
    } else if (dst.onHost()) {
      cuda.memcpy(dst.pointer(), src.pointer(), bytes, CudartLibrary.MEMCPY_DEVICE_TO_HOST);
    } else if (src.gpu() == dst.gpu()) {
      cuda.memcpy(dst.pointer(), src.pointer(), bytes, CudartLibrary.MEMCPY_DEVICE_TO_DEVICE);
    } else {
      cuda.memcpyPeer(dst.pointer(), dst.gpu(), src.pointer(), src.gpu(), bytes);
    }
  }

  @Override
  public void loadSource(Pointer hostPattern, long bytes) {
    if (src.foreign()) {
      throw new IllegalStateException("a mapped buffer belongs to its exporter");
    }
    cuda.memcpy(src.pointer(), hostPattern, bytes, CudartLibrary.MEMCPY_DEFAULT);
  }

  @Override
  public void clearDestination(long bytes) {
    if (dst.onHost()) {
      dst.pointer().setMemory(0, bytes, (byte) 0);
    } else {
      cuda.setDevice(dst.gpu());
      cuda.memset(dst.pointer(), 0, bytes);
      cuda.synchronize();
      cuda.setDevice(homeGpu);
    }
  }

  @Override
  public void readDestination(Pointer hostOut, long bytes) {
    cuda.memcpy(hostOut, dst.pointer(), bytes, CudartLibrary.MEMCPY_DEFAULT);
  }

  @Override
  public void close() {
    release(src);
    release(dst);
  }

  private void release(Buffer buffer) {
    if (buffer.foreign()) {
      return;
    }
    if (buffer.onHost()) {
      cuda.freeHost(buffer.pointer());
    } else {
      cuda.setDevice(buffer.gpu());
      cuda.free(buffer.pointer());
    }
  }
}
