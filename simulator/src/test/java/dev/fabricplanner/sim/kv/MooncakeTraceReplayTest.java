package dev.fabricplanner.sim.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabricplanner.strategy.kv.PrefixIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Replays the Mooncake FAST'25 synthetic trace (../shared/data/traces/mooncake: 3,993 requests whose
 * prompts are given as hash ids of 512-token blocks) through the pool.
 */
class MooncakeTraceReplayTest {
  private static final int BLOCK = 512;

  private record Request(int inputTokens, long[] hashes) {}

  private static List<Request> trace() throws IOException {
    Path file = null;
    for (String base : new String[] {"../../shared/data", "../shared/data"}) {
      Path candidate = Path.of(base, "traces/mooncake/synthetic_trace.jsonl");
      if (Files.isRegularFile(candidate)) {
        file = candidate;
      }
    }
    assumeTrue(file != null, "shared data not found: ../shared/data/traces/mooncake/synthetic_trace.jsonl");
    ObjectMapper json = new ObjectMapper();
    List<Request> requests = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode row = json.readTree(line);
        JsonNode ids = row.get("hash_ids");
        long[] hashes = new long[ids.size()];
        for (int i = 0; i < hashes.length; i++) {
          hashes[i] = ids.get(i).asLong();
        }
        requests.add(new Request(row.get("input_length").asInt(), hashes));
      }
    }
    return requests;
  }

  @Test
  void theTracesIdsAreChainedAsThePoolAssumes() throws IOException {
    List<Request> trace = trace();
    assertThat(trace).hasSize(3993);
    // Every id at one position after one parent: an id names its whole prefix, as a chained hash.
    Map<Long, Integer> position = new HashMap<>();
    Map<Long, Long> parent = new HashMap<>();
    int conflicts = 0;
    for (Request r : trace) {
      long[] h = r.hashes();
      for (int i = 0; i < h.length; i++) {
        long up = i == 0 ? -1 : h[i - 1];
        Integer seenAt = position.putIfAbsent(h[i], i);
        Long seenAfter = parent.putIfAbsent(h[i], up);
        if ((seenAt != null && seenAt != i) || (seenAfter != null && seenAfter != up)) {
          conflicts++;
        }
      }
    }
    assertThat(conflicts).isZero();
    assertThat(position).hasSize(43_924);
  }

  /** The ideal: leading ids whose full blocks an earlier request computed, capped by the last token. */
  @Test
  void anUnboundedPoolHitsExactlyThePrefixesTheTraceRepeats() throws IOException {
    List<Request> trace = trace();
    Set<Long> computed = new HashSet<>();
    long ideal = 0;
    long queried = 0;
    int blocks = 0;
    for (Request r : trace) {
      long[] h = r.hashes();
      int limit = Math.min(h.length, (r.inputTokens() - 1) / BLOCK);
      int k = 0;
      while (k < limit && computed.contains(h[k])) {
        k++;
      }
      ideal += (long) k * BLOCK;
      queried += r.inputTokens();
      blocks += h.length;
      for (int i = 0; i < Math.min(h.length, r.inputTokens() / BLOCK); i++) {
        computed.add(h[i]);
      }
    }
    KvBlockPool pool = new KvBlockPool(blocks, BLOCK, true);
    for (Request r : trace) {
      int seq = pool.admit(r.hashes(), r.inputTokens(), r.inputTokens(), false);
      pool.commit(seq, r.inputTokens());
      pool.free(seq);
    }
    assertThat(pool.queriedTokens()).isEqualTo(queried);
    assertThat(pool.hitTokens()).isEqualTo(ideal);
    assertThat(pool.evictedBlocks()).isZero();
    assertThat(pool.hitRate()).isBetween(0.5, 0.8);
  }

  /** 2,000 blocks (about 1 M tokens), a few requests live at once, followed by an event-fed index. */
  @Test
  void aBoundedPoolEvictsAndItsEventsKeepAnIndexExact() throws IOException {
    List<Request> trace = trace();
    PrefixIndex index = new PrefixIndex(1);
    KvEventFeed feed = new KvEventFeed(index, 0);
    KvBlockPool bounded = new KvBlockPool(2_000, BLOCK, true, feed.publisherFor(0));
    KvBlockPool unbounded = new KvBlockPool(130_000, BLOCK, true);
    List<Integer> live = new ArrayList<>();
    for (Request r : trace) {
      int tokens = r.inputTokens();
      int seq;
      while ((seq = bounded.admit(r.hashes(), tokens, tokens, false)) == KvBlockPool.NO_SPACE) {
        bounded.free(live.remove(0));
      }
      bounded.commit(seq, tokens);
      live.add(seq);
      if (live.size() > 4) {
        bounded.free(live.remove(0));
      }
      int other = unbounded.admit(r.hashes(), tokens, tokens, false);
      unbounded.commit(other, tokens);
      unbounded.free(other);
    }
    feed.advanceTo(1);
    assertThat(bounded.evictedBlocks()).isGreaterThan(10_000);
    assertThat(bounded.hitTokens()).isPositive().isLessThan(unbounded.hitTokens());
    assertThat(index.entries()).isEqualTo(bounded.cachedBlocks());
    for (Request r : trace) {
      assertThat(index.matchedBlocks(r.hashes(), 0)).isEqualTo(bounded.cachedPrefixBlocks(r.hashes()));
    }
  }
}
