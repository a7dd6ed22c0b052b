package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.config.ServiceModel.Kind;
import dev.fabricplanner.sim.result.SimulationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine against queueing theory. Each case runs independent replications (seeds 1..R, service
 * mean 1 ms so times read in units of 1/mu), drops a warm-up of 10% of the run (the system starts
 * empty), and requires the theoretical mean sojourn time to lie inside the 99% Student-t confidence
 * interval of the replication means. Replications are long (at least ~100 relaxation times at rho 0.9)
 * so the bias of the finite horizon is small next to the interval's width.
 */
class QueueingTheoryValidationTest {
  static final int REPLICATIONS = 20;
  static final double CONFIDENCE = 0.99;
  static final double MEAN_MS = 1.0;

  private static ReplicationStats replicate(
      int nodes, int servers, double lambdaPerMs, Kind kind, double durationS, String strategy) {
    double[] means = new double[REPLICATIONS];
    for (int i = 0; i < REPLICATIONS; i++) {
      SimulationResult result =
          TestConfigs.run(
              TestConfigs.queueing(
                  1000 + i, nodes, servers, lambdaPerMs * 1000, MEAN_MS, kind, durationS,
                  durationS / 10),
              strategy);
      assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
      means[i] = result.latencyMs().get("all").mean();
    }
    return ReplicationStats.of(means, CONFIDENCE);
  }

  private static void check(String what, ReplicationStats stats, double theory) {
    String line = stats.describe(what, theory);
    System.out.println("[validation] " + line);
    assertThat(stats.contains(theory)).as(line).isTrue();
  }

  /** M/M/1: W = 1 / (mu - lambda). */
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.7, 0.9})
  void mm1MatchesTheory(double rho) {
    ReplicationStats stats = replicate(1, 1, rho, Kind.EXPONENTIAL, 60, "random");
    check("M/M/1 rho=" + rho, stats, 1 / (1 - rho));
  }

  /** M/M/c with c = 4: W = C(c, a) / (c mu - lambda) + 1 / mu, C the Erlang C probability of waiting. */
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.7, 0.9})
  void mmcMatchesErlangC(double rho) {
    int c = 4;
    double lambda = rho * c;
    ReplicationStats stats = replicate(1, c, lambda, Kind.EXPONENTIAL, 30, "random");
    check("M/M/4 rho=" + rho, stats, erlangC(c, lambda) / (c - lambda) + 1);
  }

  /** M/D/1: Pollaczek-Khinchine, W = rho / (2 mu (1 - rho)) + 1 / mu. */
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.7, 0.9})
  void md1MatchesPollaczekKhinchine(double rho) {
    ReplicationStats stats = replicate(1, 1, rho, Kind.DETERMINISTIC, 60, "random");
    check("M/D/1 rho=" + rho, stats, rho / (2 * (1 - rho)) + 1);
  }

  /** Random routing splits a Poisson stream into c independent M/M/1 queues at lambda / c. */
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.7, 0.9})
  void randomRoutingIsMm1AtLambdaOverC(double rho) {
    int c = 8;
    ReplicationStats stats = replicate(c, 1, rho * c, Kind.EXPONENTIAL, 15, "random");
    check("random over 8 x M/M/1 rho=" + rho, stats, 1 / (1 - rho));
  }

  /** Erlang's C formula: the probability that an arrival waits in M/M/c with offered load a. */
  static double erlangC(int c, double a) {
    double term = 1;
    double sum = 1;
    for (int k = 1; k < c; k++) {
      term *= a / k;
      sum += term;
    }
    double last = term * a / c;
    double rho = a / c;
    return last / (1 - rho) / (sum + last / (1 - rho));
  }
}
