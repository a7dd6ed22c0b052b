package dev.fabricplanner.probe.cuda;

/**
 * A buffer this process has exported for another one to map: what to offer, and how to free it.
 * Closing frees the memory the importer maps, so it must wait until the importer is done.
 */
public interface ExportedBuffer extends AutoCloseable {
  IpcOffer offer();

  @Override
  void close();
}
