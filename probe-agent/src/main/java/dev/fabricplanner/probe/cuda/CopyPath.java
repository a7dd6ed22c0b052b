package dev.fabricplanner.probe.cuda;

import com.sun.jna.Pointer;

/**
 * A source and destination buffer of at least the sweep's largest size, and the CUDA call that
 * copies between them. Buffers are allocated by the caller and released with {@link #close()}.
 */
interface CopyPath extends AutoCloseable {
  /** Issues one copy of the first {@code bytes} of the source to the destination. */
  void copy(long bytes);

  /** Puts {@code bytes} from page-locked host memory into the source buffer. */
  void loadSource(Pointer hostPattern, long bytes);

  /** Zeroes the destination, so a copy that did nothing cannot pass verification. */
  void clearDestination(long bytes);

  /** Copies the destination's first {@code bytes} into page-locked host memory. */
  void readDestination(Pointer hostOut, long bytes);

  @Override
  void close();
}
