package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.config.Arrival;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.TopologyConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples run at the load their comments state. Round robin loads every node alike, so the
 * slowest profile sets the fleet's limit: at the stated rate it must keep up (short queues, what is in
 * flight at the end no more than Little's law expects), and at 1.2 / (stated load) times the rate,
 * 20% past its capacity, it must not: the requests in flight at the end, per unit of arrival rate,
 * at least double (with chunked prefill an overloaded server admits at once and slows every decode,
 * so the backlog is in the running requests more than in the queue).
 * Medium is checked on a 64-node slice of its fleet (same profile mix, rate scaled with the node
 * count), and faults are left out: they are not part of the stated load.
 */
class ExampleLoadTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void smallRunsAtAboutTwoThirdsOfItsRoundRobinCapacity() throws Exception {
    SimulationConfig small = ConfigLoader.load(EXAMPLES.resolve("small.yaml"));
    check("small", small, 1.0, 2.0 / 3);
  }

  @Test
  void mediumRunsAtAboutFortyPercentOfItsRoundRobinCapacity() throws Exception {
    SimulationConfig medium = ConfigLoader.load(EXAMPLES.resolve("medium.yaml"));
    TopologyConfig t = medium.topology();
    // 64 nodes in one cell: the same 2:1:1 spread of profiles as each 1,024-node cell.
    TopologyConfig slice = new TopologyConfig(1, 64, t.gpuProfiles(), t.mig(), t.engine());
    double scale = 64.0 / medium.totalNodes();
    SimulationConfig sliced = withFleet(medium, slice);
    check("medium (64-node slice)", sliced, scale, 0.4);
  }

  private static void check(String name, SimulationConfig config, double scale, double load) {
    double rps = config.workload().arrival().meanRps() * scale;
    double factor = 1.2 / load;
    SimulationResult stated = TestConfigs.run(at(config, rps), "baseline_rr");
    SimulationResult over = TestConfigs.run(at(config, factor * rps), "baseline_rr");
    System.out.printf(
        "[examples] %s under baseline_rr at %.1f req/s: queue wait mean %.1f ms, TTFT p99 %.0f ms,"
            + " in flight %d of %d; at %.1fx: queue wait mean %.1f ms, TTFT p99 %.0f ms,"
            + " in flight %d of %d%n",
        name, rps, stated.queueWaitMs().get("all").mean(), stated.ttftMs().get("all").p99(),
        stated.requests().inFlight(), stated.requests().arrived(), factor,
        over.queueWaitMs().get("all").mean(), over.ttftMs().get("all").p99(),
        over.requests().inFlight(), over.requests().arrived());
    assertThat(stated.invariantsHold()).as(stated.invariants().toString()).isTrue();
    // Keeping up: waits stay short and what is in flight at the end is what Little's law expects of
    // the requests' own service times, not a backlog.
    assertThat(stated.queueWaitMs().get("all").mean()).isLessThan(250);
    assertThat(stated.ttftMs().get("all").p99()).isLessThan(2_500);
    double littles =
        stated.requests().arrived() / config.durationS() * stated.latencyMs().get("all").mean() / 1000;
    assertThat((double) stated.requests().inFlight()).isLessThan(2 * littles);
    // Past capacity: the backlog shows.
    assertThat(over.requests().inFlight() / factor).isGreaterThan(2.0 * stated.requests().inFlight());
  }

  private static SimulationConfig at(SimulationConfig c, double rps) {
    return c.withWorkload(c.workload().withArrival(new Arrival.Poisson(rps))).withFaults(List.of());
  }

  private static SimulationConfig withFleet(SimulationConfig c, TopologyConfig topology) {
    return c.withTopology(topology).withFaults(List.of());
  }
}
