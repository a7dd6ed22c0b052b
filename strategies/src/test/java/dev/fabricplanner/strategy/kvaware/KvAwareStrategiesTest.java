package dev.fabricplanner.strategy.kvaware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ArrayClusterView;
import dev.fabricplanner.strategy.PromptBlocks;
import dev.fabricplanner.strategy.kv.NodeCounts;
import dev.fabricplanner.strategy.RequestType;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.Strategies;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each KV-aware strategy's own idea, shown changing a decision on a small hand-built view. */
class KvAwareStrategiesTest {
  private static final StrategyRegistry REGISTRY = StrategyRegistry.fromClassPath();
  private static long nextId;

  /** A prompt of chained block hashes (16 tokens a block, plus a 5-token tail). */
  private static RoutingRequest prompt(long... hashes) {
    return new RoutingRequest(nextId++, RequestType.LLM, 0, 0, hashes.length * 16L + 5, 1_000,
        PromptBlocks.of(hashes));
  }

  /** Blocks {@code from..from+count-1} of a chain named {@code chain}: equal prefixes, equal hashes. */
  private static long[] chain(long chain, int count) {
    long[] hashes = new long[count];
    for (int i = 0; i < count; i++) {
      hashes[i] = chain * 1_000 + i;
    }
    return hashes;
  }

  /** The first {@code shared} blocks of {@code base}, then blocks of another chain. */
  private static long[] sharing(long[] base, int shared, long otherChain) {
    long[] hashes = chain(otherChain, base.length);
    System.arraycopy(base, 0, hashes, 0, shared);
    return hashes;
  }

  private static RoutingStrategy create(String name, Map<String, ?> params, KvTestView view)
      throws InvalidInputException {
    return Strategies.create(REGISTRY.find(name), params, view);
  }

  private static int route(RoutingStrategy strategy, KvTestView view, long[] hashes) {
    return strategy.route(prompt(hashes), view).node();
  }

  /**
   * Node 2 holds p. A prompt sharing p's first 9 blocks (then a block of its own and a 5-token tail)
   * costs node 2 one block of prefill plus its potential active blocks: the 9 shared blocks, counted
   * once, 2 blocks of each of the k such prompts in flight there, and its own 2, so 12 + 2k; an idle
   * node costs 10 blocks of prefill plus 11 new active blocks, 21. Node 2 wins for k = 0..4.
   */
  @Test
  void kvRouterTakesTheCachedPrefixUntilItsActiveBlocksOutweighIt() throws Exception {
    long[] p = chain(1, 10);
    KvTestView view = new KvTestView(4, 1_000).cached(2, p);
    RoutingStrategy router = create("kv_router", Map.of(), view);
    assertThat(router.readsKvEvents()).isTrue();
    assertThat(sharedUntilMoved(router, view, p)).isEqualTo(5);

    // The overlap weight prices the prefill: at 2, 13 + 2k < 20 + 11 for k = 0..8 (at 9 they tie and
    // the lower node wins).
    KvTestView again = new KvTestView(4, 1_000).cached(2, p);
    RoutingStrategy weighted = create("kv_router", Map.of("overlap_score_weight", 2), again);
    assertThat(sharedUntilMoved(weighted, again, p)).isEqualTo(9);
  }

  /** Routes prompts sharing p's first 9 blocks until one leaves node 2; returns how many stayed. */
  private static int sharedUntilMoved(RoutingStrategy router, KvTestView view, long[] p) {
    int stayed = 0;
    while (route(router, view, sharing(p, 9, 100 + stayed)) == 2) {
      stayed++;
    }
    return stayed;
  }

  @Test
  void kvRouterCountsEachSharedBlockOnceAndDropsARequestsBlocksWhenItLeaves() throws Exception {
    long[] p = chain(1, 10);
    KvTestView view = new KvTestView(4, 1_000).cached(2, p);
    RoutingStrategy router = create("kv_router", Map.of(), view);
    RoutingRequest first = prompt(p);
    assertThat(router.route(first, view).node()).isEqualTo(2);
    // Nine more of the same prompt: 10 shared blocks + 10 own tails on node 2 is 20, still < 21.
    List<RoutingRequest> same = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      RoutingRequest r = prompt(p);
      same.add(r);
      assertThat(router.route(r, view).node()).isEqualTo(2);
    }
    assertThat(route(router, view, p)).isNotEqualTo(2); // 0 + 20 + 1 = 21 ties an idle node's 10 + 11
    router.onRequestLeft(first.id(), 2);
    for (RoutingRequest r : same) {
      router.onRequestLeft(r.id(), 2); // the answers came back: node 2 is cheap again
    }
    for (int i = 0; i < 50; i++) {
      RoutingRequest r = prompt(p);
      assertThat(router.route(r, view).node()).isEqualTo(2);
      router.onRequestLeft(r.id(), 2);
    }
  }

  @Test
  void kvRouterTemperatureSpreadsChoicesReproducibly() throws Exception {
    long[] p = chain(1, 10);
    KvTestView view = new KvTestView(4, 1_000).cached(2, p);
    List<Integer> first = draws(view, p);
    assertThat(new HashSet<>(first)).contains(2).hasSizeGreaterThan(1);
    assertThat(first.stream().filter(n -> n == 2).count()).isGreaterThan(first.size() / 4);
    assertThat(draws(view, p)).isEqualTo(first);
    RoutingStrategy cold = create("kv_router", Map.of(), view);
    for (int i = 0; i < 50; i++) {
      RoutingRequest r = prompt(p);
      assertThat(cold.route(r, view).node()).isEqualTo(2);
      cold.onRequestLeft(r.id(), 2);
    }
  }

  private static List<Integer> draws(KvTestView view, long[] p) throws Exception {
    RoutingStrategy router = create("kv_router", Map.of("temperature", 1.0), view);
    List<Integer> nodes = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      nodes.add(route(router, view, p));
    }
    return nodes;
  }

  @Test
  void weightedScorerPreciseAndApproximateDifferWhileEventsAreDelayed() throws Exception {
    long[] p = chain(1, 8);
    KvTestView view = new KvTestView(4, 1_000);
    RoutingStrategy approximate = create("weighted_scorer", Map.of(), view);
    RoutingStrategy precise = create("weighted_scorer", Map.of("mode", "precise"), view);
    assertThat(approximate.readsKvEvents()).isFalse();
    assertThat(precise.readsKvEvents()).isTrue();
    // Nothing cached or loaded: every score ties and both take the lowest candidate.
    assertThat(route(approximate, view, p)).isZero();
    assertThat(route(precise, view, p)).isZero();

    // Node 0 now serves p but its stored events have not reached the view's index yet.
    view.queue(0, 3).waiting(0, 3).kvUsage(0, 0.4);
    // approximate: 3 x 1 (own history) + 2 x 0.6 + 2 x 0 = 4.2 beats 0 + 2 + 2 = 4 elsewhere.
    assertThat(route(approximate, view, p)).isZero();
    // precise: 0 + 1.2 + 0 on node 0 loses to 4 on the least loaded node.
    assertThat(route(precise, view, p)).isEqualTo(1);

    view.cached(0, p); // the events arrive
    assertThat(route(precise, view, p)).isZero();
  }

  @Test
  void cacheAwareFollowsItsOwnHistoryAboveTheMatchThresholdElseTheSmallestTree() throws Exception {
    long[] p = chain(1, 10);
    KvTestView view = new KvTestView(4, 1_000);
    RoutingStrategy sglang = create("cache_aware", Map.of(), view);
    assertThat(sglang.readsKvEvents()).isFalse();
    assertThat(route(sglang, view, p)).isZero(); // nothing known: every tree empty, the first
    view.queue(0, 10).now(1_000); // published queues are not what it balances on
    assertThat(route(sglang, view, p)).isZero(); // full match
    assertThat(route(sglang, view, sharing(p, 4, 2))).isZero(); // ratio 0.4 > 0.3
    assertThat(route(sglang, view, sharing(p, 2, 3))).isEqualTo(1); // 0.2: node 1's tree is empty
    assertThat(route(sglang, view, chain(4, 10))).isEqualTo(2); // nodes 0 and 1 hold blocks now
  }

  @Test
  void cacheAwareBalancesOnItsOwnInFlightCountsPastBothThresholds() throws Exception {
    long[] p = chain(1, 10);
    KvTestView view = new KvTestView(4, 1_000);
    RoutingStrategy sglang = create("cache_aware", Map.of(), view);
    for (int i = 0; i < 65; i++) {
      assertThat(route(sglang, view, p)).isZero(); // gap at most 64: the hot prefix stays home
    }
    assertThat(route(sglang, view, p)).isNotZero(); // 65 - 0 > 64 and 65 > 1.5 x 0: least loaded
    for (int i = 0; i < 65; i++) {
      sglang.onRequestLeft(-1, 0); // their answers came back
    }
    assertThat(route(sglang, view, p)).isZero(); // balanced again: back to the longest match

    // The relative threshold: one request in flight everywhere, then the hot prefix on node 0.
    for (int rel : new int[] {2, 4}) {
      KvTestView fresh = new KvTestView(4, 1_000);
      RoutingStrategy router = create("cache_aware",
          Map.of("balance_abs_threshold", 2, "balance_rel_threshold", rel), fresh);
      for (int n = 0; n < 4; n++) {
        assertThat(route(router, fresh, chain(10 + n, 10))).isEqualTo(n); // smallest tree each time
      }
      int first = route(router, fresh, p); // every tree holds 10 blocks: any node
      int home = 1;
      while (route(router, fresh, p) == first) {
        home++;
      }
      // In flight 1 + home at p's node, 1 elsewhere: it leaves once home > 2 and 1 + home > rel.
      assertThat(home).isEqualTo(rel == 2 ? 3 : 4);
    }
  }

  @Test
  void cacheAwareForgetsWhatItRoutedAfterTheEvictionInterval() throws Exception {
    long[] p = chain(1, 10);
    long[] x = sharing(p, 4, 2);
    KvTestView view = new KvTestView(2, 1_000);
    // Thresholds 0 and 1: any gap balances, so x can be put on node 1 beside p's node 0.
    RoutingStrategy sglang = create("cache_aware",
        Map.of("balance_abs_threshold", 0, "balance_rel_threshold", 1), view);
    assertThat(route(sglang, view, p)).isZero();
    assertThat(route(sglang, view, x)).isEqualTo(1); // 1 in flight at node 0, 0 at node 1
    view.now(100_000);
    assertThat(route(sglang, view, p)).isZero(); // p's 10 blocks beat x's 4 shared ones
    assertThat(route(sglang, view, x)).isEqualTo(1); // 2 in flight at node 0: the least loaded
    sglang.onRequestLeft(-1, 0);
    sglang.onRequestLeft(-1, 1);
    view.now(200_000);
    assertThat(route(sglang, view, x)).isEqualTo(1);
    sglang.onRequestLeft(-1, 1);
    view.now(219_000);
    assertThat(route(sglang, view, p)).isZero(); // routed 119 s ago: still known
    sglang.onRequestLeft(-1, 0);
    view.now(300_000);
    assertThat(route(sglang, view, x)).isEqualTo(1);
    sglang.onRequestLeft(-1, 1);
    view.now(339_001);
    // p, last routed more than 120 s ago, is forgotten: only x's shared 4 of 10 blocks are known.
    assertThat(route(sglang, view, p)).isEqualTo(1);
  }

  @Test
  void nodeCountsFindTheLeastAndMostCountedAvailableNodes() {
    ArrayClusterView view = new ArrayClusterView(1, 4);
    NodeCounts load = new NodeCounts(4);
    load.add(0);
    load.add(0);
    load.add(2);
    assertThat(load.of(0)).isEqualTo(2);
    assertThat(load.most(view)).isEqualTo(2);
    assertThat(load.of(load.least(view))).isZero();
    load.add(1);
    load.add(3);
    assertThat(load.least(view)).isIn(1, 2, 3);
    view.down(1).down(2).down(3);
    assertThat(load.least(view)).isZero(); // the only one up
    assertThat(load.most(view)).isEqualTo(2);
    view.down(0);
    assertThat(load.least(view)).isEqualTo(-1);
    load.remove(0);
    load.remove(0);
    assertThatThrownBy(() -> load.remove(0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void prefixHashKeepsAPrefixOnOneNodeUntilItsBoundIsHit() throws Exception {
    KvTestView view = new KvTestView(8, 1_000);
    RoutingStrategy hash = create("prefix_hash", Map.of(), view);
    long[] p = chain(1, 10);
    int home = route(hash, view, p);
    for (int i = 0; i < 20; i++) {
      assertThat(route(hash, view, sharing(p, 4, 100 + i))).isEqualTo(home); // same first 4 blocks
    }
    for (int n = 0; n < 8; n++) {
      view.queue(n, 1);
    }
    // 8 queued + this one: bound ceil(1.25 x 9 / 8) = 2, home holds 1: still home.
    assertThat(route(hash, view, p)).isEqualTo(home);
    view.queue(home, 2); // at its bound (ceil(1.25 x 10 / 8) = 2): the ring's next node takes it
    int next = route(hash, view, p);
    assertThat(next).isNotEqualTo(home);

    Set<Integer> homes = new HashSet<>();
    for (int n = 0; n < 8; n++) {
      view.queue(n, 0);
    }
    for (long c = 0; c < 64; c++) {
      homes.add(route(hash, view, chain(1_000 + c, 6)));
    }
    assertThat(homes).hasSizeGreaterThanOrEqualTo(6); // distinct prefixes spread over the ring
  }

  @Test
  void lmetricMultipliesPrefillTokensByBatchSize() throws Exception {
    long[] p = chain(1, 10); // 165 tokens, 160 of them in full blocks
    KvTestView view = new KvTestView(3, 1_000).cached(1, p);
    for (int n = 0; n < 3; n++) {
      view.running(n, 4);
    }
    RoutingStrategy lmetric = create("lmetric", Map.of(), view);
    assertThat(lmetric.readsKvEvents()).isTrue();
    assertThat(route(lmetric, view, p)).isEqualTo(1); // 5 x 4 < 165 x 4
    view.running(1, 200); // 5 x 200 = 1000 > 165 x 4 = 660
    assertThat(route(lmetric, view, p)).isZero();
    view.running(1, 100).prefill(0, 1_000); // 500 < (1000 + 165) x 4, and < 660 on node 2
    assertThat(route(lmetric, view, p)).isEqualTo(1);
    for (int n = 0; n < 3; n++) {
      view.running(n, 0).prefill(n, 0);
    }
    assertThat(route(lmetric, view, p)).isEqualTo(1); // idle everywhere: fewer prefill tokens
  }

  @Test
  void badParametersAreOneLineNamingTheKey() {
    KvTestView view = new KvTestView(2, 100);
    assertThatThrownBy(() -> REGISTRY.find("weighted_scorer").create(new StrategyContext(
            new StrategyParams("weighted_scorer", Map.of("mode", "exact")), new SplittableRandom(1), view)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("strategy_params.weighted_scorer.mode")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> REGISTRY.find("cache_aware").create(new StrategyContext(
            new StrategyParams("cache_aware", Map.of("cache_treshold", 0.5)), new SplittableRandom(1), view)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("strategy_params.cache_aware.cache_treshold: unknown parameter");
    assertThatThrownBy(() -> REGISTRY.find("kv_router").create(new StrategyContext(
            new StrategyParams("kv_router", Map.of("temperature", -1)), new SplittableRandom(1), view)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("strategy_params.kv_router.temperature");
  }
}
