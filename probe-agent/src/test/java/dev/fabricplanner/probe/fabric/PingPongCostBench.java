package dev.fabricplanner.probe.fabric;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import java.util.function.LongSupplier;

/**
 * Where a small ping-pong's round trip goes, piece by piece: each operation the loop of
 * {@link PingPongTest} runs per round trip, timed alone in a tight loop (nanoseconds per operation,
 * the best of several batches, so a preemption does not count). Prints figures, asserts nothing;
 * docs/PERFORMANCE.md quotes it. Run after {@code ./mvnw -q -B -pl probe-agent -am test-compile}:
 *
 * <pre>
 * java -cp cli/target/fabric-planner.jar:probe-agent/target/test-classes \
 *     dev.fabricplanner.probe.fabric.PingPongCostBench [shm,tcp]
 * </pre>
 */
public final class PingPongCostBench {
  private static final int BATCH = 200_000;
  private static final int BATCHES = 15;

  private PingPongCostBench() {}

  public static void main(String[] args) throws Exception {
    String[] providers = (args.length > 0 ? args[0] : "shm,tcp").split(",");
    LibfabricLoad load = Libfabric.load();
    if (!load.isLoaded()) {
      System.out.println("libfabric not loaded: " + load.skipReason());
      return;
    }
    Libfabric library = load.library();
    System.out.printf("JVM %s, %d CPUs, load average %s%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), loadAverage());
    System.out.println("| operation | ns per call (best batch) | median batch |");
    System.out.println("|---|---:|---:|");

    report("System.nanoTime()", System::nanoTime);

    // The JNA hop alone: a C function that returns at once, called as the data path calls libfabric.
    Function memcmp = NativeLibrary.getInstance("c").getFunction("memcmp");
    FastCall empty = FastCall.returningInt(memcmp, 3);
    Memory scratch = new Memory(64);
    long scratchAddress = com.sun.jna.Pointer.nativeValue(scratch);
    report("FastCall to memcmp(p, p, 0) (the JNI + libffi hop)",
        () -> empty.call3(scratchAddress, scratchAddress, 0));
    report("JNA Function.invokeInt, memcmp(p, p, 0) (JNA's generic path, for scale)", BATCH / 50,
        () -> memcmp.invokeInt(new Object[] {scratch, scratch, 0L}));
    empty.release();

    SampleStats stats = new SampleStats();
    long[] sample = {1};
    report("SampleStats.recordNanos (HdrHistogram)", () -> {
      stats.recordNanos(500 + (sample[0]++ & 1023));
      return 0;
    });

    for (String provider : providers) {
      ProfileCosts.of(library, provider.trim()).forEach(PingPongCostBench::report);
    }
  }

  /** One provider's per-call costs: an empty fi_cq_read, and the payload work at two sizes. */
  private record ProfileCosts(Libfabric library, String provider) {
    static ProfileCosts of(Libfabric library, String provider) {
      return new ProfileCosts(library, provider);
    }

    void forEach(java.util.function.BiConsumer<String, LongSupplier> sink) {
      ProviderQuery query = new ProviderQuery(provider, EndpointType.RDM, null,
          ProbeProfile.usesIpAddresses(provider) ? "127.0.0.1" : null);
      try (FabricEndpoint endpoint = FabricEndpoint.open(library, query, false)) {
        CompletionQueue rx = endpoint.rx();
        sink.accept(endpoint.provider().provider() + ": fi_cq_read on an empty CQ (one poll)",
            () -> {
              try {
                return rx.poll();
              } catch (FabricException e) {
                throw new IllegalStateException(e);
              }
            });
        PayloadPattern pattern = new PayloadPattern();
        for (int size : new int[] {64, 4096}) {
          RegisteredBuffer buffer = endpoint.registerBuffer(size, false);
          pattern.fill(buffer, 0, size, size);
          long crc = pattern.crc(size, size);
          long[] stamp = {1};
          sink.accept(size + " B: stamp + stamped (per message)", () -> {
            PayloadPattern.stamp(buffer, 0, size, stamp[0]);
            return PayloadPattern.stamped(buffer, 0, size, stamp[0]++) ? 1 : 0;
          });
          sink.accept(size + " B: CRC32C check of the payload (per message)",
              () -> pattern.intact(buffer, 0, size, crc) ? 1 : 0);
          endpoint.release(buffer);
        }
      } catch (FabricException e) {
        System.out.println("| " + provider + ": not measured (" + e.getMessage() + ") | | |");
      }
    }
  }

  private static void report(String what, LongSupplier operation) {
    report(what, BATCH, operation);
  }

  private static void report(String what, int batch, LongSupplier operation) {
    double[] perCall = new double[BATCHES];
    long sink = 0;
    for (int round = 0; round < BATCHES + 3; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < batch; i++) {
        sink += operation.getAsLong();
      }
      long elapsed = System.nanoTime() - start;
      if (round >= 3) { // three batches to warm up (and compile) first
        perCall[round - 3] = (double) elapsed / batch;
      }
    }
    java.util.Arrays.sort(perCall);
    System.out.printf("| %s | %.1f | %.1f |%s%n", what, perCall[0], perCall[BATCHES / 2],
        sink == 42 ? " " : "");
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
