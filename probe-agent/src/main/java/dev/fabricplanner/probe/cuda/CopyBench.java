package dev.fabricplanner.probe.cuda;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Runs a {@link CopySweep} over one {@link CopyPath}, timing with CUDA events on the default
 * stream, and verifies that the destination holds the source's bytes afterwards.
 */
final class CopyBench {
  private static final long PATTERN_SEED = 0x5eedL;
  private final CudaRuntime cuda;

  CopyBench(CudaRuntime cuda) {
    this.cuda = cuda;
  }

  /**
   * Measures every size, then reads back the destination, which the last (largest) timed copy
   * filled.
   *
   * @throws CudaException when a CUDA call fails
   * @throws PayloadMismatch when the destination's bytes differ from the source's
   */
  List<CopySample> run(CopyPath path, CopySweep sweep) {
    byte[] pattern = PayloadPattern.bytes(sweep.largest(), PATTERN_SEED);
    return run(path, sweep, pattern, PayloadPattern.checksum(pattern));
  }

  /**
   * As {@link #run(CopyPath, CopySweep)} for a source another process filled (CUDA IPC): nothing is
   * loaded, and the destination must match the exporter's CRC-32C over the sweep's largest size.
   */
  List<CopySample> runOnForeignSource(CopyPath path, CopySweep sweep, long expectedChecksum) {
    return run(path, sweep, null, expectedChecksum);
  }

  private List<CopySample> run(CopyPath path, CopySweep sweep, byte[] pattern, long checksum) {
    long largest = sweep.largest();
    Pointer host = cuda.mallocHost(largest);
    Pointer start = cuda.eventCreate();
    Pointer stop = cuda.eventCreate();
    try {
      if (pattern != null) {
        host.write(0, pattern, 0, pattern.length);
        path.loadSource(host, largest);
      }
      path.clearDestination(largest);
      cuda.synchronize();
      List<CopySample> samples = new ArrayList<>();
      for (long size : sweep.sizes()) {
        samples.add(measure(path, sweep, size, start, stop));
      }
      host.setMemory(0, largest, (byte) 0);
      path.readDestination(host, largest);
      cuda.synchronize();
      long received = PayloadPattern.checksum(host.getByteArray(0, (int) largest));
      if (received != checksum) {
        throw new PayloadMismatch(
            "payload mismatch after the timed copies: destination crc32c "
                + Long.toHexString(received)
                + ", source "
                + Long.toHexString(checksum));
      }
      return samples;
    } finally {
      cuda.eventDestroy(start);
      cuda.eventDestroy(stop);
      cuda.freeHost(host);
    }
  }

  private CopySample measure(
      CopyPath path, CopySweep sweep, long size, Pointer start, Pointer stop) {
    for (int i = 0; i < sweep.warmups(); i++) {
      path.copy(size);
    }
    Histogram nanos = new Histogram(3);
    for (int i = 0; i < sweep.latencyIterations(); i++) {
      cuda.eventRecord(start);
      path.copy(size);
      cuda.eventRecord(stop);
      nanos.recordValue(Math.max(1, Math.round(cuda.elapsedMillis(start, stop) * 1e6)));
    }
    double[] rates = new double[sweep.bandwidthRuns()];
    for (int run = 0; run < rates.length; run++) {
      cuda.eventRecord(start);
      for (int i = 0; i < sweep.copiesPerRun(); i++) {
        path.copy(size);
      }
      cuda.eventRecord(stop);
      double seconds = Math.max(cuda.elapsedMillis(start, stop), 1e-6) / 1e3;
      rates[run] = (double) size * sweep.copiesPerRun() / seconds;
    }
    return sample(size, nanos, rates, sweep.latencyIterations());
  }

  /** Percentiles from the latency histogram, mean and relative spread of the bandwidth runs. */
  static CopySample sample(long size, Histogram nanos, double[] rates, int iterations) {
    double mean = Arrays.stream(rates).average().orElseThrow();
    double variance =
        Arrays.stream(rates).map(r -> (r - mean) * (r - mean)).sum() / (rates.length - 1);
    return new CopySample(
        size,
        nanos.getValueAtPercentile(50) / 1e3,
        nanos.getValueAtPercentile(99) / 1e3,
        mean,
        100 * Math.sqrt(variance) / mean,
        iterations);
  }

  /** The bytes that arrived are not the bytes that were sent. */
  static final class PayloadMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PayloadMismatch(String message) {
      super(message);
    }
  }
}
