package dev.fabricplanner.probe.cuda;

import com.sun.jna.Pointer;

/**
 * A GPU buffer filled with the probe's payload and exported for another process. Keep it open until
 * the importer has finished copying: closing frees the memory the importer maps.
 */
public final class IpcExport implements ExportedBuffer {
  private final CudaRuntime cuda;
  private final Pointer buffer;
  private final IpcOffer offer;

  private IpcExport(CudaRuntime cuda, Pointer buffer, IpcOffer offer) {
    this.cuda = cuda;
    this.buffer = buffer;
    this.offer = offer;
  }

  static IpcExport create(CudaRuntime cuda, int gpu, String uuid, long bytes, long seed) {
    byte[] payload = PayloadPattern.bytes(bytes, seed);
    cuda.setDevice(gpu);
    Pointer buffer = cuda.malloc(bytes);
    Pointer host = cuda.mallocHost(bytes);
    try {
      host.write(0, payload, 0, payload.length);
      cuda.memcpy(buffer, host, bytes, CudartLibrary.MEMCPY_HOST_TO_DEVICE);
      cuda.synchronize();
      byte[] handle = cuda.ipcGetMemHandle(buffer);
      return new IpcExport(
          cuda, buffer, new IpcOffer(gpu, uuid, bytes, seed, handle));
    } catch (RuntimeException e) {
      cuda.free(buffer);
      throw e;
    } finally {
      cuda.freeHost(host);
    }
  }

  /** What to send to the importer (as {@link IpcOffer#toMessage}). */
  @Override
  public IpcOffer offer() {
    return offer;
  }

  @Override
  public void close() {
    cuda.setDevice(offer.gpu());
    cuda.free(buffer);
  }
}
