package dev.fabricplanner.strategy.mesh;

import static dev.fabricplanner.strategy.Strategies.complete;
import static dev.fabricplanner.strategy.Strategies.create;
import static dev.fabricplanner.strategy.Strategies.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.strategy.ArrayClusterView;
import dev.fabricplanner.strategy.RequestType;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.builtin.LeastQueueStrategy;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MeshStrategiesTest {

  /** Two cells of two 4-slot nodes; RTT 0.5 ms inside a cell, 20 ms between. */
  private static ArrayClusterView twoCells(int localQueue, int remoteQueue) {
    ArrayClusterView view = new ArrayClusterView(2, 2);
    for (int node = 0; node < 4; node++) {
      view.capacity(node, 4).queueDepth(node, node < 2 ? localQueue : remoteQueue);
    }
    return view;
  }

  @Test
  void expectedLatencyFollowsTheDocumentedFormula() throws Exception {
    ArrayClusterView view = twoCells(0, 0).queueDepth(2, 5).vram(2, 0.925);
    MeshParams params = MeshParams.read(StrategyParams.none("mesh"));
    // S=100: wait (5+1-4)/4 = 0.5, batching 0.2 x 5/4 = 0.25, VRAM (0.925-0.85)/0.15 = 0.5 → 125 ms,
    // plus the 20 ms RTT from cell 0.
    assertThat(MeshCost.expectedMs(view, params, 2, 0, 5, 100)).isCloseTo(145, within(1e-9));
    assertThat(MeshCost.expectedMs(view, params, 2, 1, 5, 100)).isCloseTo(125.5, within(1e-9));
  }

  @Test
  void meshKeepsRequestsLocalWhileTheOriginHasFreeSlots() {
    // Local nodes hold 3 of 4 slots; remote ones are idle but 20 ms away.
    ArrayClusterView view = twoCells(3, 0);
    RoutingStrategy mesh = create(MeshStrategy.PROVIDER, Map.of(), view);
    for (int i = 0; i < 100; i++) {
      assertThat(view.cellOf(mesh.route(request(i, 0), view).node())).isZero();
    }
  }

  @Test
  void meshSpillsToANeighbourOnceTheOriginIsFull() {
    // 12 queued on 4 slots: (12+1-4)/4 x 100 ms of waiting beats a 20 ms round trip.
    ArrayClusterView view = twoCells(12, 0);
    RoutingStrategy mesh = create(MeshStrategy.PROVIDER, Map.of(), view);
    for (int i = 0; i < 100; i++) {
      assertThat(view.cellOf(mesh.route(request(i, 0), view).node())).isOne();
    }
  }

  @Test
  void meshAvoidsANodeShortOfVram() {
    ArrayClusterView view = twoCells(1, 1).vram(0, 0.99);
    RoutingStrategy mesh = create(MeshStrategy.PROVIDER, Map.of("samples_per_cell", 8), view);
    for (int i = 0; i < 50; i++) {
      assertThat(mesh.route(request(i, 0), view).node()).isEqualTo(1);
    }
  }

  @Test
  void meshNeverHedges() {
    ArrayClusterView view = twoCells(0, 0);
    RoutingStrategy mesh = create(MeshStrategy.PROVIDER, Map.of(), view);
    assertThat(mesh.route(request(1, 0), view).hedges()).isFalse();
  }

  @Test
  void meshHedgeAsksForADuplicateAndSendsItElsewhere() {
    ArrayClusterView view = twoCells(0, 0);
    RoutingStrategy hedge =
        create(MeshHedgeStrategy.PROVIDER, Map.of("hedge", "fixed", "hedge_delay_ms", 40), view);
    for (int i = 0; i < 50; i++) {
      RoutingRequest request = request(i, 0);
      RoutingDecision first = hedge.route(request, view);
      assertThat(first.hedges()).isTrue();
      assertThat(first.hedgeAfterMs()).isEqualTo(40);
      // The engine routes the duplicate with the same id: never to the first copy's node.
      RoutingDecision copy = hedge.route(request, view);
      assertThat(copy.node()).isNotEqualTo(first.node());
      assertThat(copy.hedges()).isFalse();
      complete(hedge, request, copy.node(), 10);
    }
  }

  @Test
  void meshHedgeDelayIsTheObservedQuantileOnceAWindowHasFilled() {
    ArrayClusterView view = twoCells(0, 0);
    MeshHedgeStrategy hedge =
        (MeshHedgeStrategy)
            create(MeshHedgeStrategy.PROVIDER,
                Map.of("hedge", "quantile", "hedge_window", 1000, "hedge_delay_ms", 7), view);
    assertThat(hedge.route(request(0, 0), view).hedgeAfterMs()).isEqualTo(7);
    for (int i = 1; i <= 1000; i++) {
      RoutingRequest request = request(i, 0);
      complete(hedge, request, hedge.route(request, view).node(), i);
    }
    // Latencies 1..1000 ms: the p95 is 950 ms (to HdrHistogram's 3 significant digits).
    assertThat(hedge.route(request(5000, 0), view).hedgeAfterMs()).isCloseTo(950, within(1.0));
  }

  @Test
  void meshHedgeSizeQuantileScalesTheDelayWithThePredictedOutput() {
    ArrayClusterView view = twoCells(0, 0);
    MeshHedgeStrategy hedge =
        (MeshHedgeStrategy)
            create(MeshHedgeStrategy.PROVIDER,
                Map.of("hedge", "size_quantile", "hedge_window", 100, "hedge_quantile", 0.5), view);
    // Short prompts (100 tokens) were answered with 9 tokens, long ones (1,000) with 499; every
    // request took 2 ms per (1 + output token). The router learns lengths only from these answers.
    for (int i = 1; i <= 100; i++) {
      boolean small = i % 2 == 0;
      RoutingRequest request =
          new RoutingRequest(i, RequestType.LLM, 0, 0, small ? 100 : 1000, 400);
      int output = small ? 9 : 499;
      complete(hedge, request, hedge.route(request, view).node(), 2.0 * (1 + output), output);
    }
    RoutingRequest small = new RoutingRequest(500, RequestType.LLM, 0, 0, 120, 400);
    RoutingRequest large = new RoutingRequest(501, RequestType.LLM, 0, 0, 1020, 400);
    // A prompt length never seen (8,000 tokens) gets the type's mean answer: (9 + 499) / 2 = 254.
    RoutingRequest unseen = new RoutingRequest(502, RequestType.LLM, 0, 0, 8000, 400);
    // The median per-token latency is 2 ms (to HdrHistogram's 3 significant digits).
    assertThat(hedge.route(small, view).hedgeAfterMs()).isCloseTo(20, within(0.05));
    assertThat(hedge.route(large, view).hedgeAfterMs()).isCloseTo(1000, within(2.0));
    assertThat(hedge.route(unseen, view).hedgeAfterMs()).isCloseTo(510, within(1.0));
    // No vision request has completed: it falls back to the fixed delay.
    RoutingRequest vision = new RoutingRequest(503, RequestType.VISION, 0, 0, 100, 400);
    assertThat(hedge.route(vision, view).hedgeAfterMs()).isEqualTo(100);
  }

  @Test
  void meshStaleDiscountsOldSignalsTowardTheCellMean() throws Exception {
    ArrayClusterView view = new ArrayClusterView(1, 4).now(10_000);
    for (int node = 0; node < 4; node++) {
      view.capacity(node, 4).queueDepth(node, node == 0 ? 0 : 8);
    }
    QueueEstimate stale =
        ((MeshStrategy) create(MeshStrategy.STALE, Map.of("age_scale_ms", 100), view)).queueEstimate();
    // Fresh: the published 0 stands. Cell mean = 24 queued x 4 slots / 16 slots = 6.
    assertThat(stale.queue(view, 0, 100)).isCloseTo(0, within(1e-9));
    view.signalAge(0, 100);
    double trust = Math.exp(-1);
    assertThat(stale.queue(view, 0, 100)).isCloseTo((1 - trust) * 6, within(1e-9));
    view.signalAge(0, 10_000);
    assertThat(stale.queue(view, 0, 100)).isCloseTo(6, within(1e-6));
  }

  @Test
  void meshStaleCountsItsOwnSendsSoAStaleIdleNodeDoesNotTakeEverything() {
    // Node 0 looks idle and nothing is republished while 12 requests are routed.
    ArrayClusterView view = new ArrayClusterView(1, 4).now(1_000);
    for (int node = 0; node < 4; node++) {
      view.capacity(node, 1).queueDepth(node, node == 0 ? 0 : 2);
    }
    RoutingStrategy stale = create(MeshStrategy.STALE, Map.of("samples_per_cell", 16), view);
    RoutingStrategy leastQueue = create(LeastQueueStrategy.PROVIDER, Map.of(), view);
    int[] staleCounts = new int[4];
    int[] herdCounts = new int[4];
    for (int i = 0; i < 12; i++) {
      staleCounts[stale.route(request(i, 0), view).node()]++;
      herdCounts[leastQueue.route(request(i, 0), view).node()]++;
    }
    assertThat(herdCounts[0]).isEqualTo(12);
    // Two sends fill node 0 to the others' published 2; then the four share the rest.
    assertThat(staleCounts[0]).isBetween(3, 5);
    assertThat(staleCounts[1] + staleCounts[2] + staleCounts[3]).isGreaterThanOrEqualTo(7);
  }

  @Test
  void candidateCellsAreTheOriginThenItsNearestByRtt() {
    ArrayClusterView view = new ArrayClusterView(4, 1).rtt(0, 1, 30).rtt(0, 2, 10).rtt(0, 3, 20);
    CandidateCells cells = new CandidateCells(view, 2, new SplittableRandom(1));
    assertThat(cells.around(0)).isEqualTo(3);
    assertThat(cells.cells()).containsExactly(0, 2, 3);
  }
}
