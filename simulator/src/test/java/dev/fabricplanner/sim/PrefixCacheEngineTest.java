package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.cluster.ClusterLayout;
import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.FleetObserver;
import dev.fabricplanner.sim.cluster.RequestTable;
import dev.fabricplanner.sim.config.Distribution;
import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.SignalConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.engine.EventQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Requests whose prompts carry block hashes go through the server's prefix-caching pool: a prompt
 * whose leading blocks are cached computes only the rest, shared blocks count once, and cached
 * blocks stay reusable after their requests finish.
 */
class PrefixCacheEngineTest {
  private final EventQueue events = new EventQueue(64);
  private final RequestTable requests = new RequestTable(64);
  private final List<Integer> completed = new ArrayList<>();
  private final Fleet fleet;

  PrefixCacheEngineTest() {
    SimulationConfig config =
        TestConfigs.config(
            1, 10, 0,
            TestConfigs.llmWorkload(1, 10, new Distribution.Constant(1000), new Distribution.Constant(20)),
            1, 1, List.of(TestConfigs.h100(8, 0, 85.9)), MigConfig.disabled(), TestConfigs.NO_NETWORK,
            SignalConfig.fresh(), Optional.empty());
    fleet = ClusterLayout.build(config, events, requests);
    fleet.attach(
        new FleetObserver() {
          @Override
          public void requestCompleted(int request, double nowMs) {
            completed.add(request);
          }

          @Override
          public void requestRejected(int request, double nowMs) {
            throw new AssertionError("no request should be rejected");
          }

          @Override
          public void tokensProduced(int count, double gapMs, double nowMs) {}

          @Override
          public void loadChanged(int node, double nowMs) {}

          @Override
          public void resourcesChanged(int node, double nowMs) {}
        });
  }

  /** Chained hashes of a 1,000-token prompt's 62 full blocks, from a seed naming the prompt. */
  private static long[] prompt(long seed) {
    long[] hashes = new long[1000 / 16];
    long h = seed;
    for (int i = 0; i < hashes.length; i++) {
      h = h * 6364136223846793005L + 1442695040888963407L;
      hashes[i] = h;
    }
    return hashes;
  }

  private int arrive(long id, double now, long[] hashes) {
    int r = requests.allocate();
    requests.id[r] = id;
    requests.arrivalMs[r] = now;
    requests.inputTokens[r] = 1000;
    requests.outputTokens[r] = 20;
    requests.promptHashes[r] = hashes;
    fleet.arrive(r, 0, now);
    return r;
  }

  private void runUntil(double until) {
    while (!fleet.stepTimers().isEmpty() && fleet.stepTimers().topTime() <= until) {
      double t = fleet.stepTimers().topTime();
      int s = fleet.stepTimers().topServer();
      fleet.stepTimers().cancel(s);
      fleet.stepDone(s, t);
    }
  }

  @Test
  void aRepeatedPromptComputesOnlyItsUncachedTailAndSharesTheBlocks() {
    int first = arrive(1, 0, prompt(7));
    runUntil(25); // its prompt is in KV and registered; it decodes
    assertThat(requests.cachedTokens[first]).isZero();
    int blocksAlone = fleet.usedBlocks(0);
    int repeat = arrive(2, 25, prompt(7));
    int other = arrive(3, 25, prompt(8));
    runUntil(25 + 40);
    // 62 full blocks cached: 992 tokens reused, the last 8 computed (vLLM keeps one token to compute).
    assertThat(requests.cachedTokens[repeat]).isEqualTo(992);
    assertThat(requests.cachedTokens[other]).isZero();
    assertThat(fleet.kvAccountingMismatches()).isZero();
    // The repeat's prompt blocks are the first request's: only its own tail and decode blocks are new.
    assertThat(fleet.usedBlocks(0)).isLessThan(blocksAlone + 63 + 2 * 3);
    runUntil(10_000);
    assertThat(completed).containsExactlyInAnyOrder(first, repeat, other);
    assertThat(fleet.usedBlocks(0)).isZero();
    assertThat(fleet.kvAccountingMismatches()).isZero();
    // Cached blocks outlive their requests: a later repeat still hits.
    int later = arrive(4, 10_000, prompt(8));
    assertThat(requests.cachedTokens[later]).isEqualTo(992);
  }
}
