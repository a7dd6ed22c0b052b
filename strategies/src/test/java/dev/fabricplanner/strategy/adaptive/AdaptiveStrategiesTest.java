package dev.fabricplanner.strategy.adaptive;

import static dev.fabricplanner.strategy.Strategies.create;
import static dev.fabricplanner.strategy.Strategies.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.strategy.ArrayClusterView;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.mesh.MeshStrategy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdaptiveStrategiesTest {

  private static ArrayClusterView twoCells(int localQueue, int remoteQueue) {
    ArrayClusterView view = new ArrayClusterView(2, 2);
    for (int node = 0; node < 4; node++) {
      view.capacity(node, 4).queueDepth(node, node < 2 ? localQueue : remoteQueue);
    }
    return view;
  }

  @Test
  void adaptiveMeshBalanceFollowsTheOriginCellsLoad() {
    AdaptiveMeshStrategy adaptive =
        (AdaptiveMeshStrategy) create(AdaptiveMeshStrategy.PROVIDER, Map.of(), twoCells(2, 0));
    // 4 queued on 8 slots = 0.5 load; 0.5 / high_load 0.8 = 0.625 of the way to balance.
    assertThat(adaptive.balance(twoCells(2, 0), 0)).isCloseTo(0.625, within(1e-9));
    assertThat(adaptive.balance(twoCells(0, 0), 0)).isZero();
    assertThat(adaptive.balance(twoCells(9, 0), 0)).isEqualTo(1);
  }

  @Test
  void adaptiveMeshLeavesALoadedOriginSoonerThanMesh() {
    // Local nodes hold 3 of 4 slots: mesh still stays local (15.5 ms vs 20 ms away), adaptive has
    // shifted toward balance (b = 0.94) and takes the idle remote node.
    ArrayClusterView view = twoCells(3, 0);
    RoutingStrategy mesh = create(MeshStrategy.PROVIDER, Map.of(), view);
    RoutingStrategy adaptive = create(AdaptiveMeshStrategy.PROVIDER, Map.of(), view);
    for (int i = 0; i < 50; i++) {
      assertThat(view.cellOf(mesh.route(request(i, 0), view).node())).isZero();
      assertThat(view.cellOf(adaptive.route(request(i, 0), view).node())).isOne();
    }
    // Lightly loaded, adaptive is mesh: it stays local.
    ArrayClusterView light = twoCells(1, 0);
    RoutingStrategy lightAdaptive = create(AdaptiveMeshStrategy.PROVIDER, Map.of(), light);
    assertThat(light.cellOf(lightAdaptive.route(request(1, 0), light).node())).isZero();
  }

  @Test
  void arrivalRateDecaysWithItsWindow() {
    CellArrivalRate rate = new CellArrivalRate(1, 100);
    for (int i = 0; i < 10; i++) {
      rate.sent(0, 0);
    }
    assertThat(rate.perMs(0, 0)).isCloseTo(0.1, within(1e-12));
    assertThat(rate.perMs(0, 100)).isCloseTo(0.1 * Math.exp(-1), within(1e-12));
  }

  @Test
  void predictiveMeshForecastsTheQueueFromRecentArrivals() {
    // Nothing is republished while requests pour in from cell 0, one per ms.
    ArrayClusterView view = twoCells(0, 0);
    PredictiveMeshStrategy predictive =
        (PredictiveMeshStrategy) create(PredictiveMeshStrategy.PROVIDER, Map.of(), view);
    RoutingStrategy mesh = create(MeshStrategy.PROVIDER, Map.of(), view);
    int firstRemote = -1;
    for (int i = 0; i < 200 && firstRemote < 0; i++) {
      view.now(i);
      assertThat(view.cellOf(mesh.route(request(i, 0), view).node())).isZero();
      if (view.cellOf(predictive.route(request(i, 0), view).node()) == 1) {
        firstRemote = i;
      }
    }
    // mesh never sees the queue grow; the forecast fills cell 0's 8 slots within tens of requests.
    assertThat(firstRemote).isBetween(4, 40);
    assertThat(predictive.forecastQueue(view, 0)).isGreaterThan(view.queueDepth(0) + 2);
  }
}
