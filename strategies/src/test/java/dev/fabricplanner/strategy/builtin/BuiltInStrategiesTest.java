package dev.fabricplanner.strategy.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ArrayClusterView;
import dev.fabricplanner.strategy.RequestType;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.StrategyParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class BuiltInStrategiesTest {
  private static final RoutingRequest REQUEST =
      new RoutingRequest(1, RequestType.LLM, 0, 0, 100, 400);

  @Test
  void roundRobinVisitsEveryNodeInTurnAndSkipsDownNodes() throws InvalidInputException {
    ArrayClusterView view = new ArrayClusterView(2, 2).down(2);
    RoutingStrategy strategy = create(RoundRobinStrategy.PROVIDER, Map.of(), view);
    assertThat(route(strategy, view, 6)).containsExactly(0, 1, 3, 0, 1, 3);
  }

  @Test
  void randomIsUniformAndReproducible() throws InvalidInputException {
    ArrayClusterView view = new ArrayClusterView(2, 4);
    List<Integer> first = route(create(RandomStrategy.PROVIDER, Map.of(), view), view, 8000);
    List<Integer> second = route(create(RandomStrategy.PROVIDER, Map.of(), view), view, 8000);
    assertThat(first).isEqualTo(second);
    long[] counts = new long[8];
    first.forEach(node -> counts[node]++);
    double[] expected = new double[8];
    java.util.Arrays.fill(expected, 1000.0);
    // Uniformity at the 0.1% level: a wrong modulus or a fixed node fails this.
    assertThat(new ChiSquareTest().chiSquareTest(expected, counts)).isGreaterThan(0.001);
  }

  @Test
  void randomNeverPicksADownNode() throws InvalidInputException {
    ArrayClusterView view = new ArrayClusterView(1, 4).down(1).down(2);
    assertThat(route(create(RandomStrategy.PROVIDER, Map.of(), view), view, 200))
        .containsOnly(0, 3);
  }

  @Test
  void leastQueueTakesTheLeastLoadedPerSlotAndTheLowestIndexOnTies() throws InvalidInputException {
    ArrayClusterView view =
        new ArrayClusterView(1, 4).queueDepth(0, 3).queueDepth(1, 4).capacity(1, 8).queueDepth(2, 1)
            .queueDepth(3, 1);
    RoutingStrategy strategy = create(LeastQueueStrategy.PROVIDER, Map.of(), view);
    // Node 1 has the deepest queue but the most slots: 4/8 is the least load per slot.
    assertThat(strategy.route(REQUEST, view).node()).isEqualTo(1);
    view.down(1);
    assertThat(strategy.route(REQUEST, view).node()).isEqualTo(2);
  }

  @Test
  void powerOfTwoJoinsTheShorterOfTwoSampledQueues() throws InvalidInputException {
    ArrayClusterView view = new ArrayClusterView(1, 2).queueDepth(0, 5).queueDepth(1, 2);
    RoutingStrategy strategy = create(PowerOfDStrategy.PROVIDER, Map.of(), view);
    // With two nodes both are always sampled, so the shorter queue always wins.
    assertThat(route(strategy, view, 50)).containsOnly(1);
  }

  @Test
  void powerOfDWithDEqualToTheFleetFindsTheGlobalMinimum() throws InvalidInputException {
    ArrayClusterView view = new ArrayClusterView(1, 16);
    for (int node = 0; node < 16; node++) {
      view.queueDepth(node, 10 + node % 5);
    }
    view.queueDepth(11, 0);
    RoutingStrategy strategy = create(PowerOfDStrategy.PROVIDER, Map.of("d", 16), view);
    assertThat(route(strategy, view, 20)).containsOnly(11);
  }

  @Test
  void powerOfTwoAvoidsTheLongestQueue() throws InvalidInputException {
    // Node 0 is the longest: it only wins when paired with itself, which distinct sampling forbids.
    ArrayClusterView view = new ArrayClusterView(1, 4).queueDepth(0, 9);
    RoutingStrategy strategy = create(PowerOfDStrategy.PROVIDER, Map.of(), view);
    assertThat(route(strategy, view, 500)).doesNotContain(0).contains(1, 2, 3);
  }

  @Test
  void powerOfDRejectsAnOutOfRangeD() {
    ArrayClusterView view = new ArrayClusterView(1, 4);
    assertThatThrownBy(() -> create(PowerOfDStrategy.PROVIDER, Map.of("d", 0), view))
        .hasMessage("strategy_params.power_of_two.d: must be an integer in [1, 64], got 0");
  }

  private static RoutingStrategy create(
      SimpleProvider provider, Map<String, ?> params, ArrayClusterView view)
      throws InvalidInputException {
    return provider.create(
        new StrategyContext(
            new StrategyParams(provider.name(), params), new SplittableRandom(42), view));
  }

  private static List<Integer> route(RoutingStrategy strategy, ArrayClusterView view, int times) {
    List<Integer> nodes = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      nodes.add(strategy.route(REQUEST, view).node());
    }
    return nodes;
  }
}
