package dev.fabricplanner.sim.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestOutcomesTest {

  @Test
  void aCompletionPastTheClientTimeoutIsAFailureNotALatency() {
    RequestOutcomes outcomes = new RequestOutcomes(300_000);
    outcomes.completed(0, 100, 1_100, 11);
    outcomes.completed(10, 200_000, 299_000, 11);
    outcomes.completed(20, 250_000, 300_500, 11); // the client gave up at 300 s
    assertEquals(2, outcomes.count());
    assertEquals(1, outcomes.timedOut());
    Map<FidelityMetric, Double> figures = outcomes.figures(0, Double.POSITIVE_INFINITY);
    assertEquals((1_100 + 299_000) / 2.0, figures.get(FidelityMetric.E2E_MEAN), 1e-9);
    assertEquals((100 + 200_000) / 2.0, figures.get(FidelityMetric.TTFT_MEAN), 1e-9);
  }
}
