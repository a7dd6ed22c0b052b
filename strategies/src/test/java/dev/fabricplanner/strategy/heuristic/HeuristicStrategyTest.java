package dev.fabricplanner.strategy.heuristic;

import static dev.fabricplanner.strategy.Strategies.complete;
import static dev.fabricplanner.strategy.Strategies.create;
import static dev.fabricplanner.strategy.Strategies.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.strategy.ArrayClusterView;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeuristicStrategyTest {

  @Test
  void scoreWeighsQueueVramAndUtilization() {
    ArrayClusterView view =
        new ArrayClusterView(1, 2).capacity(0, 4).queueDepth(0, 3).vram(0, 0.5).utilization(0, 0.75);
    HeuristicStrategy heuristic = (HeuristicStrategy) create(HeuristicStrategy.PROVIDER, Map.of(), view);
    // 1.0 x (3+1)/4 + 0.5 x 0.5 + 0.5 x 0.75 + 0.5 x 0 (no observations yet)
    assertThat(heuristic.score(view, 0)).isCloseTo(1.625, within(1e-9));
  }

  @Test
  void prefersTheNodeWithLessVramInUseWhenQueuesAreEqual() {
    ArrayClusterView view = new ArrayClusterView(1, 2).vram(0, 0.95).vram(1, 0.2);
    RoutingStrategy heuristic = create(HeuristicStrategy.PROVIDER, Map.of("d", 16), view);
    for (int i = 0; i < 20; i++) {
      assertThat(heuristic.route(request(i, 0), view).node()).isEqualTo(1);
    }
  }

  @Test
  void learnsToAvoidANodeWhoseObservedLatencyIsAtTheFleetP95() {
    ArrayClusterView view = new ArrayClusterView(1, 2);
    RoutingStrategy heuristic =
        create(HeuristicStrategy.PROVIDER, Map.of("d", 16, "p95_window", 20), view);
    // Equal signals; node 1 answers in 400 ms, node 0 in 20 ms.
    for (int i = 0; i < 40; i++) {
      RoutingRequest request = request(i, 0);
      complete(heuristic, request, i % 2, i % 2 == 0 ? 20 : 400);
    }
    for (int i = 100; i < 120; i++) {
      assertThat(heuristic.route(request(i, 0), view).node()).isZero();
    }
  }

  @Test
  void isBlindToTheNetwork() {
    // An idle node a cell away beats a busier local one: heuristic has no RTT term.
    ArrayClusterView view = new ArrayClusterView(2, 1).queueDepth(0, 1).rtt(0, 1, 200);
    RoutingStrategy heuristic = create(HeuristicStrategy.PROVIDER, Map.of("d", 16), view);
    assertThat(heuristic.route(request(1, 0), view).node()).isEqualTo(1);
  }
}
