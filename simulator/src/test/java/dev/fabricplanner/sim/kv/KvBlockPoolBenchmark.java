package dev.fabricplanner.sim.kv;

import dev.fabricplanner.strategy.kv.PrefixIndex;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Prints throughput of the block pool and the prefix index at serving sizes; never run as a test and
 * never asserted on (timings on a shared machine are noise). Run after a test compile:
 *
 * <pre>
 * java -cp simulator/target/test-classes:simulator/target/classes \
 *     dev.fabricplanner.sim.kv.KvBlockPoolBenchmark [blocks] [concurrency] [seconds]
 * </pre>
 *
 * Defaults: 30,000 blocks of 16 tokens (about an 8B model's KV space on one 80 GB GPU), 256 requests
 * in flight, 5 s per measurement after a 3 s warm-up.
 */
public final class KvBlockPoolBenchmark {
  private KvBlockPoolBenchmark() {}

  public static void main(String[] args) {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 5;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();

    KvWorkload workload = new KvWorkload(new KvBlockPool(blocks, 16, true), concurrency, 4096, 1);
    runFor(workload, 3);
    long calls0 = workload.poolCalls;
    long steps0 = workload.steps;
    long finished0 = workload.finished;
    long bytes0 = threads.getThreadAllocatedBytes(thread);
    double elapsed = runFor(workload, seconds);
    long bytes = threads.getThreadAllocatedBytes(thread) - bytes0;
    long calls = workload.poolCalls - calls0;
    KvBlockPool pool = workload.pool;
    System.out.printf(Locale.ROOT,
        "pool: %,d blocks x 16 tokens, %d in flight: %,.0f pool calls/s, %,.0f engine steps/s,"
            + " %,.0f requests/s; %,d bytes allocated in %,d calls%n",
        blocks, concurrency, calls / elapsed, (workload.steps - steps0) / elapsed,
        (workload.finished - finished0) / elapsed, bytes, calls);
    System.out.printf(Locale.ROOT,
        "  hit rate %.3f, %,d evictions, %,d preemptions, usage %.2f%n",
        pool.hitRate(), pool.evictedBlocks(), workload.preemptions, pool.usage());

    int nodes = 64;
    PrefixIndex index = new PrefixIndex(nodes);
    long[][] prompts = new long[4096][];
    long[] system = Prompts.fresh(1, 64);
    for (int p = 0; p < prompts.length; p++) {
      prompts[p] = Prompts.extend(system, p % 65, p + 10, 64 + 200);
      index.routed(p % nodes, prompts[p], 0);
    }
    int[] out = new int[nodes];
    int[] matched = new int[nodes];
    // Worst case: prompts the index holds whole (a repeated prompt). Typical: a new prompt, its shared
    // head held by many nodes and its own tail by none, so the walk stops at the first new block.
    long[][] fresh = new long[prompts.length][];
    for (int p = 0; p < fresh.length; p++) {
      fresh[p] = Prompts.extend(system, p % 65, 1_000_000 + p, 64 + 200);
    }
    double repeated = queriesPerSecond(index, prompts, out, matched, seconds);
    double newPrompts = queriesPerSecond(index, fresh, out, matched, seconds);
    System.out.printf(Locale.ROOT,
        "index: %,d (hash, node) entries over %d nodes, 264-block prompts: %,.0f longest-match"
            + " queries/s for prompts it holds whole, %,.0f for new prompts%n",
        index.entries(), nodes, repeated, newPrompts);
  }

  private static double queriesPerSecond(
      PrefixIndex index, long[][] prompts, int[] out, int[] matched, double seconds) {
    long sink = 0;
    long queries = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        sink += index.matches(prompts[(int) (queries++ % prompts.length)], out, matched);
      }
    }
    if (sink < 0) {
      throw new AssertionError("unreachable: keeps the queries from being optimized away");
    }
    return queries / ((System.nanoTime() - start) / 1e9);
  }

  private static double runFor(KvWorkload workload, double seconds) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      for (int i = 0; i < 100; i++) {
        workload.step();
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
