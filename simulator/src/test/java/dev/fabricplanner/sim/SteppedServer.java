package dev.fabricplanner.sim;

import dev.fabricplanner.sim.cluster.ClusterLayout;
import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.FleetObserver;
import dev.fabricplanner.sim.cluster.RequestTable;
import dev.fabricplanner.sim.config.Distribution;
import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.SignalConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.engine.EventQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One H100 server of the step engine driven by hand, without the event loop: a test places requests
 * on it and runs its steps; completions are recorded and a rejection fails the test.
 */
final class SteppedServer {
  final EventQueue events = new EventQueue(64);
  final RequestTable requests = new RequestTable(64);
  final List<Integer> completed = new ArrayList<>();
  final Fleet fleet;
  private final int inputTokens;
  private final int outputTokens;

  /**
   * One node of {@code concurrency} slots and {@code vramGb} of VRAM (weights and KV), whose
   * workload and requests have prompts of {@code inputTokens} and answers of {@code outputTokens}.
   */
  SteppedServer(int concurrency, double vramGb, int inputTokens, int outputTokens) {
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    SimulationConfig config =
        TestConfigs.config(
            1, 10, 0,
            TestConfigs.llmWorkload(
                1, 10, new Distribution.Constant(inputTokens),
                new Distribution.Constant(outputTokens)),
            1, 1, List.of(TestConfigs.h100(concurrency, 0, vramGb)), MigConfig.disabled(),
            TestConfigs.NO_NETWORK, SignalConfig.fresh(), Optional.empty());
    fleet = ClusterLayout.build(config, events, requests);
    fleet.attach(
        new FleetObserver() {
          @Override
          public void requestCompleted(int request, double nowMs) {
            completed.add(request);
          }

          @Override
          public void requestRejected(int request, double nowMs) {
            throw new AssertionError("no request should be rejected");
          }

          @Override
          public void tokensProduced(int count, double gapMs, double nowMs) {}

          @Override
          public void loadChanged(int node, double nowMs) {}

          @Override
          public void resourcesChanged(int node, double nowMs) {}
        });
  }

  /** A request arrives, with its prompt's block hashes (null: none). */
  int arrive(long id, double now, long[] promptHashes) {
    int r = requests.allocate();
    requests.id[r] = id;
    requests.arrivalMs[r] = now;
    requests.inputTokens[r] = inputTokens;
    requests.outputTokens[r] = outputTokens;
    if (promptHashes != null) {
      requests.promptHashes[r] = promptHashes;
    }
    fleet.arrive(r, 0, now);
    return r;
  }

  /** Runs steps while one is left and {@code going} holds. */
  void runWhile(BooleanSupplier going) {
    while (!fleet.stepTimers().isEmpty() && going.getAsBoolean()) {
      double t = fleet.stepTimers().topTime();
      int s = fleet.stepTimers().topServer();
      fleet.stepTimers().cancel(s);
      fleet.stepDone(s, t);
    }
  }

  /** Runs the steps that end by {@code until}. */
  void runUntil(double until) {
    runWhile(() -> fleet.stepTimers().topTime() <= until);
  }
}
