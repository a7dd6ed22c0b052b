package dev.fabricplanner.strategy.mesh;

import static dev.fabricplanner.strategy.Strategies.create;
import static dev.fabricplanner.strategy.Strategies.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.strategy.ArrayClusterView;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.builtin.LeastQueueStrategy;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyProvider;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The presets of {@code mesh} (adaptive_mesh, predictive_mesh, mesh_stale): each one's idea changes a
 * decision that plain {@code mesh} makes on the same view, and the parameterized {@code mesh} with the
 * preset's choices decides exactly as the preset does.
 */
class MeshPresetsTest {

  private static ArrayClusterView twoCells(int localQueue, int remoteQueue) {
    ArrayClusterView view = new ArrayClusterView(2, 2);
    for (int node = 0; node < 4; node++) {
      view.capacity(node, 4).queueDepth(node, node < 2 ? localQueue : remoteQueue);
    }
    return view;
  }

  @Test
  void adaptiveMeshBalanceFollowsTheOriginCellsLoad() {
    LoadAdaptiveWeights adaptive =
        ((MeshStrategy) create(MeshStrategy.ADAPTIVE, Map.of(), twoCells(2, 0))).adaptiveWeights();
    // 4 queued on 8 slots = 0.5 load; 0.5 / high_load 0.8 = 0.625 of the way to balance.
    assertThat(adaptive.balance(twoCells(2, 0), 0)).isCloseTo(0.625, within(1e-9));
    assertThat(adaptive.balance(twoCells(0, 0), 0)).isZero();
    assertThat(adaptive.balance(twoCells(9, 0), 0)).isEqualTo(1);
    assertThat(((MeshStrategy) create(MeshStrategy.PROVIDER, Map.of(), twoCells(2, 0)))
        .adaptiveWeights()).isNull();
  }

  @Test
  void adaptiveMeshLeavesALoadedOriginSoonerThanMesh() {
    // Local nodes hold 3 of 4 slots: mesh still stays local (15.5 ms vs 20 ms away), adaptive has
    // shifted toward balance (b = 0.94) and takes the idle remote node.
    ArrayClusterView view = twoCells(3, 0);
    RoutingStrategy mesh = create(MeshStrategy.PROVIDER, Map.of(), view);
    RoutingStrategy adaptive = create(MeshStrategy.ADAPTIVE, Map.of(), view);
    for (int i = 0; i < 50; i++) {
      assertThat(view.cellOf(mesh.route(request(i, 0), view).node())).isZero();
      assertThat(view.cellOf(adaptive.route(request(i, 0), view).node())).isOne();
    }
    // Lightly loaded, adaptive is mesh: it stays local.
    ArrayClusterView light = twoCells(1, 0);
    RoutingStrategy lightAdaptive = create(MeshStrategy.ADAPTIVE, Map.of(), light);
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
    MeshStrategy predictive = (MeshStrategy) create(MeshStrategy.PREDICTIVE, Map.of(), view);
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
    assertThat(predictive.queueEstimate().queue(view, 0, 100)).isGreaterThan(view.queueDepth(0) + 2);
  }

  @Test
  void meshStaleSpreadsWhereMeshKeepsSendingToANodeThatLooksIdle() {
    // Node 0 published an empty queue long ago; nothing is republished while 12 requests are routed.
    ArrayClusterView view = new ArrayClusterView(1, 4).now(1_000);
    for (int node = 0; node < 4; node++) {
      view.capacity(node, 4).queueDepth(node, node == 0 ? 0 : 6).signalAge(node, 500);
    }
    RoutingStrategy mesh = create(MeshStrategy.PROVIDER, Map.of("samples_per_cell", 16), view);
    RoutingStrategy stale = create(MeshStrategy.STALE, Map.of("samples_per_cell", 16), view);
    int[] meshCounts = new int[4];
    int[] staleCounts = new int[4];
    for (int i = 0; i < 12; i++) {
      meshCounts[mesh.route(request(i, 0), view).node()]++;
      staleCounts[stale.route(request(i, 0), view).node()]++;
    }
    // mesh believes the stale 0; mesh_stale distrusts it (toward the cell mean) and counts its sends.
    assertThat(meshCounts[0]).isEqualTo(12);
    assertThat(staleCounts[0]).isLessThan(12);
    assertThat(staleCounts[1] + staleCounts[2] + staleCounts[3]).isPositive();
  }

  /** A preset is the parameterized mesh with its choices: the same decisions, request by request. */
  @Test
  void eachPresetDecidesAsMeshWithItsChoices() {
    Map<StrategyProvider, Map<String, String>> presets = Map.of(
        MeshStrategy.STALE, Map.of("queue_estimate", "age_discounted"),
        MeshStrategy.PREDICTIVE, Map.of("queue_estimate", "forecast"),
        MeshStrategy.ADAPTIVE, Map.of("weights", "load_adaptive"));
    presets.forEach((preset, choices) -> {
      ArrayClusterView a = twoCells(3, 1);
      ArrayClusterView b = twoCells(3, 1);
      RoutingStrategy named = create(preset, Map.of(), a);
      RoutingStrategy parameterized = create(MeshStrategy.PROVIDER, choices, b);
      for (int i = 0; i < 100; i++) {
        a.now(i);
        b.now(i);
        assertThat(parameterized.route(request(i, i % 2), b).node())
            .as(preset.name() + " request " + i)
            .isEqualTo(named.route(request(i, i % 2), a).node());
      }
    });
  }

  @Test
  void aQueueEstimateOutsideTheListIsOneLineNamingIt() {
    assertThatThrownBy(() -> MeshStrategy.PROVIDER.create(new dev.fabricplanner.strategy.StrategyContext(
            new StrategyParams("mesh", Map.of("queue_estimate", "psychic")), new SplittableRandom(1),
            twoCells(0, 0))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("strategy_params.mesh.queue_estimate: must be one of published, age_discounted,"
            + " forecast, got \"psychic\"");
  }
}
