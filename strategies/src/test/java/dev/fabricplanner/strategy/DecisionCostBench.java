package dev.fabricplanner.strategy;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Decision cost of every built-in strategy against fleet size: wall-clock ns per request (one
 * {@code route} plus the {@code onCompletion} it leads to) on a {@link SyntheticClusterView} of 1k to
 * 1M nodes in cells of 128 (262,144 nodes is 2,048 cells, the most whose neighbour lists are
 * precomputed), and the longest set-up. A benchmark, not a test: it prints figures and asserts nothing about time,
 * and runs only when asked:
 *
 * <pre>./mvnw -B -q -o -pl strategies -am test -Dtest=DecisionCostBench -Dbench=true
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class DecisionCostBench {
  private static final int NODES_PER_CELL = 128;
  private static final List<Integer> FLEETS = List.of(1_024, 8_192, 65_536, 262_144, 1_048_576);
  private static final int WARMUP = 300_000;
  private static final int MEASURED = 1_000_000;

  @Test
  @EnabledIfSystemProperty(named = "bench", matches = "true")
  void printDecisionCostPerFleetSize() throws Exception {
    StrategyRegistry registry = StrategyRegistry.fromClassPath();
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "%-18s", "ns/request"));
    for (int nodes : FLEETS) {
      table.append(String.format(Locale.ROOT, "%14s", nodes + " nodes"));
    }
    table.append(String.format(Locale.ROOT, "%16s%n", "max setup ms"));
    for (String name : registry.names()) {
      if (name.equals(TestProvider.NAME)) {
        continue;
      }
      table.append(String.format(Locale.ROOT, "%-18s", name));
      double setupMs = 0;
      for (int nodes : FLEETS) {
        SyntheticClusterView view = new SyntheticClusterView(nodes / NODES_PER_CELL, NODES_PER_CELL, 1);
        long start = System.nanoTime();
        RoutingStrategy strategy =
            registry.find(name).create(
                new StrategyContext(StrategyParams.none(name), new SplittableRandom(1), view));
        setupMs = Math.max(setupMs, (System.nanoTime() - start) / 1e6);
        run(strategy, view, WARMUP, 0);
        long begin = System.nanoTime();
        long checksum = run(strategy, view, MEASURED, WARMUP);
        double ns = (double) (System.nanoTime() - begin) / MEASURED;
        table.append(String.format(Locale.ROOT, "%14.0f", ns));
        if (checksum == Long.MIN_VALUE) {
          System.out.print(""); // keeps the routing from being optimised away
        }
      }
      table.append(String.format(Locale.ROOT, "%16.1f%n", setupMs));
    }
    System.out.print(table);
  }

  private static long run(RoutingStrategy strategy, SyntheticClusterView view, int requests, long firstId) {
    SplittableRandom random = new SplittableRandom(firstId + 5);
    int cells = view.cellCount();
    long checksum = 0;
    for (int i = 0; i < requests; i++) {
      view.tick();
      RoutingRequest request =
          new RoutingRequest(firstId + i, RequestType.LLM, 0, random.nextInt(cells), 100, 400);
      int node = strategy.route(request, view).node();
      checksum += node;
      strategy.onCompletion(
          new CompletionFeedback(request, node, 20 + random.nextDouble() * 40, view.nowMs(), 100));
    }
    return checksum;
  }
}
