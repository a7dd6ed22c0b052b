package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.RequestTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests whose prompts carry block hashes go through the server's prefix-caching pool: a prompt
 * whose leading blocks are cached computes only the rest, shared blocks count once, and cached
 * blocks stay reusable after their requests finish.
 */
class PrefixCacheEngineTest {
  private final SteppedServer server = new SteppedServer(8, 85.9, 1000, 20);
  private final RequestTable requests = server.requests;
  private final List<Integer> completed = server.completed;
  private final Fleet fleet = server.fleet;

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
    return server.arrive(id, now, hashes);
  }

  private void runUntil(double until) {
    server.runUntil(until);
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
