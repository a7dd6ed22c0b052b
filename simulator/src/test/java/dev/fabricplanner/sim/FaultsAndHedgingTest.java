package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.Fault;
import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.SignalConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyProvider;
import dev.fabricplanner.strategy.kv.NodeCounts;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Work on a lost node is retried or counted failed, never lost; hedges are counted. */
class FaultsAndHedgingTest {

  private static SimulationConfig withFaults(List<Fault> faults, SignalConfig signals) {
    SimulationConfig base =
        TestConfigs.config(
            21, 40, 0, TestConfigs.mixedWorkload(150, 40), 2, 8,
            List.of(TestConfigs.h100(32, 8, 85.9)), MigConfig.disabled(), TestConfigs.WAN, signals,
            Optional.empty());
    return base.withFaults(faults);
  }

  /** Half the nodes die for 10 s: their requests go elsewhere, and everything still balances. */
  @Test
  void lostNodesWorkIsRetriedElsewhere() {
    Fault loss = new Fault(10, Fault.Kind.NODE_LOSS, Fault.ALL_CELLS, 0.5, 1, 10);
    SimulationResult healthy = TestConfigs.run(withFaults(List.of(), SignalConfig.fresh()), "least_queue");
    SimulationResult faulty = TestConfigs.run(withFaults(List.of(loss), SignalConfig.fresh()), "least_queue");
    assertThat(faulty.invariantsHold()).as(faulty.invariants().toString()).isTrue();
    assertThat(faulty.requests().arrived()).isEqualTo(healthy.requests().arrived());
    // Fresh signals: the strategy sees the loss at once and retries land on live nodes.
    assertThat(faulty.requests().failed()).isZero();
    assertThat(faulty.latencyMs().get("all").p99()).isGreaterThan(healthy.latencyMs().get("all").p99());
  }

  /** Every node dies for good: later requests fail (counted), none vanish. */
  @Test
  void losingEveryNodeFailsRequestsButLosesNone() {
    Fault loss = new Fault(20, Fault.Kind.NODE_LOSS, Fault.ALL_CELLS, 1.0, 1, Double.POSITIVE_INFINITY);
    SimulationResult result = TestConfigs.run(withFaults(List.of(loss), TestConfigs.stale(100)), "random");
    assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
    assertThat(result.requests().failed()).isGreaterThan(result.requests().arrived() / 3);
    assertThat(result.requests().completed()).isGreaterThan(result.requests().arrived() / 3);
    assertThat(result.requests().inFlight()).isZero();
  }

  /** Node loss under the plain service model: requests in service are re-routed, none lost. */
  @Test
  void plainServiceNodeLossRetriesInServiceRequests() {
    SimulationConfig base =
        TestConfigs.queueing(3, 8, 2, 8000, 1.0, dev.fabricplanner.sim.config.ServiceModel.Kind.EXPONENTIAL, 4, 0);
    Fault loss = new Fault(1, Fault.Kind.NODE_LOSS, Fault.ALL_CELLS, 0.5, 1, 1);
    SimulationConfig config = base.withFaults(List.of(loss));
    SimulationResult healthy = TestConfigs.run(base, "least_queue");
    SimulationResult faulty = TestConfigs.run(config, "least_queue");
    assertThat(faulty.invariantsHold()).as(faulty.invariants().toString()).isTrue();
    assertThat(faulty.requests().arrived()).isEqualTo(healthy.requests().arrived());
    assertThat(faulty.requests().failed()).isZero();
    // Half the servers for a second at load 0.5: the survivors run at load 1 and queues grow.
    assertThat(faulty.latencyMs().get("all").mean()).isGreaterThan(1.5 * healthy.latencyMs().get("all").mean());
  }

  /** A node slowed 3x serves more slowly. */
  @Test
  void slowdownStretchesServiceTimes() {
    Fault slow = new Fault(0, Fault.Kind.SLOWDOWN, Fault.ALL_CELLS, 1.0, 3, Double.POSITIVE_INFINITY);
    SimulationResult normal = TestConfigs.run(withFaults(List.of(), SignalConfig.fresh()), "random");
    SimulationResult slowed = TestConfigs.run(withFaults(List.of(slow), SignalConfig.fresh()), "random");
    assertThat(slowed.serviceMs().get("all").p50()).isGreaterThan(2.5 * normal.serviceMs().get("all").p50());
    assertThat(slowed.invariantsHold()).isTrue();
  }

  /** A degraded link slows only the paths of its cell; degrading every cell slows more. */
  @Test
  void linkDegradationIsPerCell() {
    Fault oneCell = new Fault(0, Fault.Kind.LINK_DEGRADE, 0, 1, 20, Double.POSITIVE_INFINITY);
    Fault everyCell =
        new Fault(0, Fault.Kind.LINK_DEGRADE, Fault.ALL_CELLS, 1, 20, Double.POSITIVE_INFINITY);
    double healthy = meanTtft(withFaults(List.of(), SignalConfig.fresh()));
    double cellZero = meanTtft(withFaults(List.of(oneCell), SignalConfig.fresh()));
    double all = meanTtft(withFaults(List.of(everyCell), SignalConfig.fresh()));
    // Random routing draws the same nodes in all three runs, so only path delays differ. With 2 cells
    // every cross-cell path touches cell 0; degrading all cells adds cell 1's internal paths.
    assertThat(cellZero).isGreaterThan(healthy * 2);
    assertThat(all).isGreaterThan(cellZero);
  }

  private static double meanTtft(SimulationConfig config) {
    SimulationResult result = TestConfigs.run(config, "random");
    assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
    return result.ttftMs().get("all").mean();
  }

  /**
   * A strategy that hedges every request after 200 ms to another random node; given counts (not
   * null), it also counts what it has in flight at each node, as a router that tracks its own load
   * does.
   */
  static StrategyProvider hedging(NodeCounts inFlight) {
    return new SimpleProvider("test_hedge", "random, duplicated after 200 ms", context -> {
      SplittableRandom random = context.random();
      return new RoutingStrategy() {
        @Override
        public RoutingDecision route(RoutingRequest request, ClusterView view) {
          int node = random.nextInt(view.nodeCount());
          if (inFlight != null) {
            inFlight.add(node);
          }
          return RoutingDecision.toWithHedge(node, 200);
        }

        @Override
        public void onRequestLeft(long requestId, int node) {
          if (inFlight != null) {
            inFlight.remove(node);
          }
        }
      };
    });
  }

  @Test
  void hedgesAreIssuedWonAndWastedAndRequestsCountOnce() throws InvalidInputException {
    SimulationConfig config = withFaults(List.of(), SignalConfig.fresh());
    SimulationResult plain = TestConfigs.run(config, "random");
    SimulationResult hedged =
        Simulation.run(config, "test_hedge", hedging(null), StrategyParams.none("test_hedge"),
            ProgressListener.NONE);
    assertThat(hedged.invariantsHold()).as(hedged.invariants().toString()).isTrue();
    assertThat(hedged.requests().arrived()).isEqualTo(plain.requests().arrived());
    assertThat(hedged.hedge().issued()).isGreaterThan(hedged.requests().arrived() / 4);
    assertThat(hedged.hedge().won()).isPositive().isLessThan(hedged.hedge().issued());
    assertThat(hedged.hedge().wastedGpuS()).isPositive();
    assertThat(hedged.latencyMs().get("all").count()).isEqualTo(hedged.requests().completed());
  }

  /**
   * Hedged copies, a node loss and a client timeout of 1 s together: a request the client gave up on
   * is aborted with its copy, wherever each one is, and still counted once.
   */
  @Test
  void clientTimeoutAbortsHedgedRequestsAndCountsThemOnce() throws InvalidInputException {
    Fault loss = new Fault(10, Fault.Kind.NODE_LOSS, Fault.ALL_CELLS, 0.5, 1, 10);
    SimulationConfig base = withFaults(List.of(loss), SignalConfig.fresh());
    SimulationConfig config = base.withWorkload(base.workload().withClientTimeoutS(1.0));
    SimulationResult waiting = Simulation.run(base, "test_hedge", hedging(null),
        StrategyParams.none("test_hedge"), ProgressListener.NONE);
    SimulationResult result = Simulation.run(config, "test_hedge", hedging(null),
        StrategyParams.none("test_hedge"), ProgressListener.NONE);
    assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
    assertThat(result.requests().arrived()).isEqualTo(waiting.requests().arrived());
    assertThat(waiting.latencyMs().get("all").max()).isGreaterThan(1_000);
    assertThat(result.requests().failed()).isGreaterThan(waiting.requests().failed());
    assertThat(result.hedge().issued()).isPositive();
    System.out.printf("[timeout] hedged, 1 s: failed %d of %d, slowest answer %.0f ms (waiting: %.0f)%n",
        result.requests().failed(), result.requests().arrived(),
        result.latencyMs().get("all").max(), waiting.latencyMs().get("all").max());
    // Answered before the client left (the answer's trip back over the WAN aside).
    assertThat(result.latencyMs().get("all").max()).isLessThan(1_000 + 200);
  }

  /**
   * A router counting what it has in flight (as SGLang's does) hears of every copy it sent leave
   * exactly once, at the node it was sent to: through answers, hedge cancellations, a node loss's
   * retries and the client's timeout. Arrivals stop 10 s before the end, so every count is back to 0;
   * a leave without a send would have thrown on the way.
   */
  @Test
  void everyRoutedCopyLeavesItsNodeExactlyOnce() throws InvalidInputException {
    Fault loss = new Fault(10, Fault.Kind.NODE_LOSS, Fault.ALL_CELLS, 0.5, 1, 10);
    SimulationConfig base = withFaults(List.of(loss), SignalConfig.fresh());
    SimulationConfig config =
        base.withWorkload(base.workload().withDurationS(30).withClientTimeoutS(1.0));
    int nodes = config.topology().cells() * config.topology().nodesPerCell();
    NodeCounts load = new NodeCounts(nodes);
    SimulationResult result = Simulation.run(config, "test_hedge", hedging(load),
        StrategyParams.none("test_hedge"), ProgressListener.NONE);
    assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
    assertThat(result.hedge().issued()).isPositive();
    assertThat(result.requests().failed()).isPositive();
    for (int n = 0; n < nodes; n++) {
      assertThat(load.of(n)).as("in flight at node %d after the drain", n).isZero();
    }
  }
}
