package dev.fabricplanner.sim.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.strategy.kv.PrefixIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrefixIndexTest {

  @Test
  void answersMatchedPrefixPerNodeAndForAllHoldersAtOnce() {
    PrefixIndex index = new PrefixIndex(5);
    long[] prompt = Prompts.fresh(1, 6);
    index.routed(0, Arrays.copyOf(prompt, 2), 0);
    index.routed(2, prompt, 0);
    index.routed(3, Arrays.copyOf(prompt, 4), 0);
    // Node 4 holds blocks 1..5 but not block 0: a hit must start at the prompt's first block.
    for (int i = 1; i < 6; i++) {
      index.stored(4, prompt[i], 0);
    }
    assertThat(index.matchedBlocks(prompt, 0)).isEqualTo(2);
    assertThat(index.matchedBlocks(prompt, 1)).isZero();
    assertThat(index.matchedBlocks(prompt, 2)).isEqualTo(6);
    assertThat(index.matchedBlocks(prompt, 4)).isZero();
    assertThat(index.matchedBlocks(null, 2)).isZero();

    int[] nodes = new int[5];
    int[] blocks = new int[5];
    int n = index.matches(prompt, nodes, blocks);
    Map<Integer, Integer> found = new HashMap<>();
    for (int i = 0; i < n; i++) {
      found.put(nodes[i], blocks[i]);
    }
    assertThat(found).containsOnly(Map.entry(0, 2), Map.entry(2, 6), Map.entry(3, 4));
    assertThat(index.entries()).isEqualTo(2 + 6 + 4 + 5);
    assertThat(index.blocksOn(4)).isEqualTo(5);
  }

  @Test
  void aQueryNeverVisitsNodesThatHoldNoneOfThePrompt() {
    int nodes = 10_000;
    PrefixIndex index = new PrefixIndex(nodes);
    long[] prompt = Prompts.fresh(1, 50);
    // Every node holds something, but only three hold this prompt's head.
    for (int n = 0; n < nodes; n++) {
      index.routed(n, Prompts.fresh(100 + n, 20), 0);
    }
    index.routed(17, prompt, 0);
    index.routed(4_242, Arrays.copyOf(prompt, 30), 0);
    index.routed(9_999, Arrays.copyOf(prompt, 5), 0);
    int[] out = new int[nodes];
    int[] blocks = new int[nodes];
    long before = index.candidateChecks();
    assertThat(index.matches(prompt, out, blocks)).isEqualTo(3);
    assertThat(Arrays.copyOf(out, 3)).containsExactly(17, 4_242, 9_999);
    assertThat(Arrays.copyOf(blocks, 3)).containsExactly(50, 30, 5);
    // Only the three holders are checked, each once per block after the first until it misses:
    // 5 for the node holding 5 blocks (blocks 1-5), 30 for the one holding 30, 49 for the full match.
    assertThat(index.candidateChecks() - before).isEqualTo(5 + 30 + 49);
  }

  @Test
  void approximateEntriesExpireUnlessRoutingRefreshesThem() {
    PrefixIndex index = new PrefixIndex(2, 120_000);
    long[] a = Prompts.fresh(1, 3);
    long[] b = Prompts.fresh(2, 3);
    index.routed(0, a, 0);
    index.routed(1, b, 10_000);
    index.routed(0, Arrays.copyOf(a, 1), 60_000);
    assertThat(index.expire(119_999)).isZero();
    // At 120 s a's blocks 1 and 2 expire on node 0; block 0 was refreshed at 60 s.
    assertThat(index.expire(120_000)).isEqualTo(2);
    assertThat(index.matchedBlocks(a, 0)).isEqualTo(1);
    assertThat(index.matchedBlocks(b, 1)).isEqualTo(3);
    assertThat(index.expire(130_000)).isEqualTo(3);
    assertThat(index.expire(180_000)).isEqualTo(1);
    assertThat(index.entries()).isZero();
  }

  @Test
  void clearingANodeForgetsOnlyThatNode() {
    PrefixIndex index = new PrefixIndex(3);
    long[] a = Prompts.fresh(1, 4);
    index.routed(0, a, 0);
    index.routed(1, a, 0);
    assertThat(index.clearNode(0)).isEqualTo(4);
    assertThat(index.matchedBlocks(a, 0)).isZero();
    assertThat(index.matchedBlocks(a, 1)).isEqualTo(4);
    assertThat(index.evicted(1, a[3])).isTrue();
    assertThat(index.evicted(1, a[3])).isFalse();
    assertThat(index.matchedBlocks(a, 1)).isEqualTo(3);
    assertThatThrownBy(() -> index.stored(3, 1L, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Random routing, counted stores and evictions, node losses, trims and expiry against maps per node. */
  @Test
  void agreesWithPerNodeSetsUnderRandomChanges() {
    for (long seed = 1; seed <= 25; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      int nodes = 1 + random.nextInt(12);
      double ttl = 1_000;
      PrefixIndex index = new PrefixIndex(nodes, ttl);
      List<Map<Long, Double>> truth = new ArrayList<>();
      List<Map<Long, Integer>> counts = new ArrayList<>();
      for (int n = 0; n < nodes; n++) {
        counts.add(new HashMap<>());
        // Access order: a refresh moves a pair to the end, as the index's per-node LRU list does.
        truth.add(new LinkedHashMap<>(16, 0.75f, true));
      }
      long[][] prompts = new long[30][];
      long[] root = Prompts.fresh(seed, 8);
      for (int p = 0; p < prompts.length; p++) {
        prompts[p] = Prompts.extend(root, random.nextInt(9), p + 100, 8 + random.nextInt(12));
      }
      double now = 0;
      for (int step = 0; step < 2000; step++) {
        now += random.nextInt(5);
        int node = random.nextInt(nodes);
        long[] prompt = prompts[random.nextInt(prompts.length)];
        int op = random.nextInt(20);
        if (op < 6) {
          index.routed(node, prompt, now);
          for (long h : prompt) {
            truth.get(node).put(h, now);
            counts.get(node).merge(h, 1, Math::max);
          }
        } else if (op < 8) {
          // A stored event from one of the node's engines: counted.
          long h = prompt[random.nextInt(prompt.length)];
          index.stored(node, h, now);
          truth.get(node).put(h, now);
          counts.get(node).merge(h, 1, Integer::sum);
        } else if (op < 16) {
          long h = prompt[random.nextInt(prompt.length)];
          boolean held = truth.get(node).containsKey(h);
          assertThat(index.evicted(node, h)).isEqualTo(held);
          if (held && counts.get(node).merge(h, -1, Integer::sum) == 0) {
            counts.get(node).remove(h);
            truth.get(node).remove(h);
          }
        } else if (op < 17) {
          assertThat(index.clearNode(node)).isEqualTo(truth.get(node).size());
          truth.get(node).clear();
        } else if (op < 18) {
          int max = random.nextInt(40);
          int trimmed = 0;
          for (Map<Long, Double> held : truth) {
            Iterator<Long> eldest = held.keySet().iterator();
            while (held.size() > max) {
              eldest.next();
              eldest.remove();
              trimmed++;
            }
          }
          assertThat(index.trim(max)).isEqualTo(trimmed);
        } else {
          int expired = 0;
          for (Map<Long, Double> held : truth) {
            int before = held.size();
            final double cutoff = now;
            held.values().removeIf(t -> t + ttl <= cutoff);
            expired += before - held.size();
          }
          assertThat(index.expire(now)).isEqualTo(expired);
        }
        for (int n = 0; n < nodes; n++) {
          counts.get(n).keySet().retainAll(truth.get(n).keySet());
        }
        long[] query = prompts[random.nextInt(prompts.length)];
        checkMatches(index, truth, query);
      }
    }
  }

  private static void checkMatches(PrefixIndex index, List<Map<Long, Double>> truth, long[] query) {
    int nodes = truth.size();
    int[] out = new int[nodes];
    int[] blocks = new int[nodes];
    int n = index.matches(query, out, blocks);
    Map<Integer, Integer> found = new HashMap<>();
    for (int i = 0; i < n; i++) {
      assertThat(found.put(out[i], blocks[i])).isNull();
    }
    Map<Integer, Integer> expected = new HashMap<>();
    int entries = 0;
    for (int node = 0; node < nodes; node++) {
      Set<Long> held = truth.get(node).keySet();
      entries += held.size();
      int k = 0;
      while (k < query.length && held.contains(query[k])) {
        k++;
      }
      assertThat(index.matchedBlocks(query, node)).isEqualTo(k);
      assertThat(index.blocksOn(node)).isEqualTo(held.size());
      if (k > 0) {
        expected.put(node, k);
      }
    }
    assertThat(found).isEqualTo(expected);
    assertThat(index.entries()).isEqualTo(entries);
  }
}
