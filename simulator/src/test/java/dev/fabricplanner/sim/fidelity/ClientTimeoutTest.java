package dev.fabricplanner.sim.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabricplanner.sim.ProgressListener;
import dev.fabricplanner.sim.Simulation;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.result.RequestCounts;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * workload.client_timeout_s on a real overloaded run (Llama-2-7B reasoning at 4 req/s, measured: 4,068
 * of 4,800 requests failed at the client's timeout): the engine aborts what the client gave up on.
 */
class ClientTimeoutTest {
  private static final String RUN = "20260217-170634-llama-2-7b-tp1-reasoning";
  private static final double ARRIVALS_S = 1200;

  private record Outcome(RequestCounts counts, RequestOutcomes outcomes) {}

  private static Outcome simulate(Double timeoutS) throws Exception {
    return simulate(timeoutS, 900);
  }

  /** The run, simulated {@code drainS} past its last arrival. */
  private static Outcome simulate(Double timeoutS, double drainS) throws Exception {
    JsonNode all = new ObjectMapper().readTree(
        FidelityRunnerTest.calibrationDir().resolve("experiments.json").toFile());
    JsonNode experiment = null;
    for (JsonNode e : all.get("experiments")) {
      if (e.get("id").asText().equals(RUN)) {
        experiment = e;
      }
    }
    CalibrationRun run = CalibrationRun.of(experiment);
    FidelityConfig config = new FidelityConfig(run, 42, ARRIVALS_S, drainS, null);
    config.sharedPrefix(run, run.stages(), List.of(ARRIVALS_S), 0);
    if (timeoutS != null) {
      config.clientTimeout(timeoutS);
    }
    RequestOutcomes outcomes = new RequestOutcomes(Double.POSITIVE_INFINITY);
    SimulationResult result = Simulation.run(
        ConfigLoader.parse(config.yaml("baseline_rr"), "client-timeout-test"), "baseline_rr",
        StrategyRegistry.fromClassPath().find("baseline_rr"), StrategyParams.none("baseline_rr"),
        ProgressListener.NONE, outcomes);
    return new Outcome(result.requests(), outcomes);
  }

  private static double slowestE2eMs(RequestOutcomes outcomes) {
    double[] e2e = outcomes.sortedE2eMs();
    return e2e[e2e.length - 1];
  }

  @Test
  void requestsTheClientGaveUpOnAreAbortedAndCountedAsFailed() throws Exception {
    Outcome waiting = simulate(null);
    // Overloaded: without a timeout the queue grows and the late arrivals wait well past 300 s.
    assertThat(slowestE2eMs(waiting.outcomes())).isGreaterThan(400_000);
    assertThat(waiting.counts().failed()).isZero();

    Outcome giving = simulate(300.0);
    RequestCounts counts = giving.counts();
    assertThat(counts.failed()).isPositive();
    assertThat(counts.inFlight()).isZero();
    // Every request accounted for: answered or failed, none left running after the drain.
    assertThat(counts.completed() + counts.failed() + counts.dropped() + counts.inFlight())
        .isEqualTo(counts.arrived());
    assertThat(counts.arrived()).isEqualTo(waiting.counts().arrived());
    // No answer arrives after the client left (bar the client-side delays of the first token).
    assertThat(slowestE2eMs(giving.outcomes())).isLessThan(300_000 + 100);
  }

  @Test
  void abortedRequestsLeaveTheEngine() throws Exception {
    // A second past the last arrival's timeout, every request has left: answered, or aborted in the
    // queue or in the batch with its KV blocks given back. A server that serves every request to
    // the end is still working through the backlog then.
    assertThat(simulate(300.0, 301).counts().inFlight()).isZero();
    assertThat(simulate(null, 301).counts().inFlight()).isGreaterThan(1_000);
  }

  @Test
  void sameSeedSameAborts() throws Exception {
    Outcome a = simulate(300.0);
    Outcome b = simulate(300.0);
    assertThat(b.counts()).isEqualTo(a.counts());
    assertThat(b.outcomes().sortedE2eMs()).containsExactly(a.outcomes().sortedE2eMs());
  }
}
