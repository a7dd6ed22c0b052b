package dev.fabricplanner.strategy.learned;

import static dev.fabricplanner.strategy.Strategies.complete;
import static dev.fabricplanner.strategy.Strategies.create;
import static dev.fabricplanner.strategy.Strategies.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.strategy.ArrayClusterView;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.mesh.MeshStrategy;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LearnedStrategiesTest {

  @Test
  void recursiveLeastSquaresRecoversALinearModel() {
    RecursiveLeastSquares fit = new RecursiveLeastSquares(new double[3], 1000, 1.0);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 500; i++) {
      double[] x = {1, random.nextDouble(), random.nextDouble()};
      fit.update(x, 5 + 20 * x[1] - 3 * x[2]);
    }
    assertThat(fit.coefficients()[0]).isCloseTo(5, within(1e-3));
    assertThat(fit.coefficients()[1]).isCloseTo(20, within(1e-3));
    assertThat(fit.coefficients()[2]).isCloseTo(-3, within(1e-3));
    assertThat(fit.predict(new double[] {1, 0.5, 1})).isCloseTo(12, within(1e-2));
  }

  @Test
  void hybridMeshPacksNodesTowardItsTargetUtilization() {
    ArrayClusterView view = new ArrayClusterView(1, 2).capacity(0, 4).capacity(1, 4)
        .utilization(0, 0.1).utilization(1, 0.7);
    HybridMeshStrategy hybrid = (HybridMeshStrategy) create(HybridMeshStrategy.PROVIDER, Map.of(), view);
    assertThat(hybrid.route(request(1, 0), view).node()).isEqualTo(1);
    // latency 1 x 0.5/100 + cost 0 + packing 0.5 x |0.1 - 0.75|
    assertThat(hybrid.score(view, request(1, 0), 0)).isCloseTo(0.005 + 0.325, within(1e-9));
  }

  /** Packing changes the decision: mesh takes the emptier node, hybrid_mesh the one near its target. */
  @Test
  void hybridMeshPacksWhereMeshWouldSpread() {
    ArrayClusterView view = new ArrayClusterView(1, 2).capacity(0, 4).capacity(1, 4)
        .queueDepth(1, 1).utilization(0, 0.1).utilization(1, 0.7);
    RoutingStrategy mesh = create(MeshStrategy.PROVIDER, Map.of(), view);
    RoutingStrategy hybrid = create(HybridMeshStrategy.PROVIDER, Map.of(), view);
    for (int i = 0; i < 20; i++) {
      assertThat(mesh.route(request(i, 0), view).node()).isZero();
      // latency 1 x 0.2 x 1/4 + packing 0.5 x |0.7 - 0.75| = 0.075 against 0.5 x 0.65 = 0.325
      assertThat(hybrid.route(request(i, 0), view).node()).isOne();
    }
  }

  @Test
  void hybridMeshRaisesItsLatencyWeightWhenOutcomesMissTheSlo() {
    ArrayClusterView view = new ArrayClusterView(1, 2);
    HybridMeshStrategy hybrid =
        (HybridMeshStrategy)
            create(HybridMeshStrategy.PROVIDER, Map.of("latency_slo_ms", 100, "tuning_rate", 0.05), view);
    for (int i = 0; i < 20; i++) {
      complete(hybrid, request(i, 0), 0, 300); // e = +1 each time
    }
    assertThat(hybrid.latencyWeight()).isCloseTo(Math.exp(20 * 0.05), within(1e-9));
    for (int i = 0; i < 200; i++) {
      complete(hybrid, request(i, 0), 0, 10);
    }
    assertThat(hybrid.latencyWeight()).isEqualTo(0.1); // clamped at min_latency_weight
  }

  @Test
  void hybridMeshSetsItsSloFromTheFirstWindowWhenNoneIsGiven() {
    ArrayClusterView view = new ArrayClusterView(1, 2);
    HybridMeshStrategy hybrid =
        (HybridMeshStrategy) create(HybridMeshStrategy.PROVIDER, Map.of("slo_window", 100), view);
    assertThat(hybrid.sloMs()).isZero();
    for (int i = 1; i <= 100; i++) {
      complete(hybrid, request(i, 0), 0, i);
    }
    assertThat(hybrid.sloMs()).isCloseTo(1.5 * 50, within(0.1));
  }

  @Test
  void rlsMeshLearnsToAvoidANodeThatLooksIdleButAnswersSlowly() {
    // Node 1 publishes an empty queue but answers in 500 ms; node 0 shows one request and answers
    // in 20 ms. mesh goes by the signals; the regression learns from what comes back.
    ArrayClusterView view = new ArrayClusterView(1, 2).capacity(0, 4).capacity(1, 4).queueDepth(0, 1);
    RoutingStrategy ml = create(RlsMeshStrategy.PROVIDER, Map.of("exploration", 0.2), view);
    RoutingStrategy mesh = create(MeshStrategy.PROVIDER, Map.of(), view);
    int lateChoicesOfNode0 = 0;
    for (int i = 0; i < 400; i++) {
      RoutingRequest request = request(i, 0);
      int node = ml.route(request, view).node();
      complete(ml, request, node, node == 1 ? 500 : 20);
      if (i >= 300 && node == 0) {
        lateChoicesOfNode0++;
      }
      assertThat(mesh.route(request, view).node()).isEqualTo(1);
    }
    // Exploration (0.2, half of it landing on node 1) aside, it now picks node 0.
    assertThat(lateChoicesOfNode0).isGreaterThan(80);
  }
}
