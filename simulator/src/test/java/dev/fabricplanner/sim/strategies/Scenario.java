package dev.fabricplanner.sim.strategies;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.ProgressListener;
import dev.fabricplanner.sim.Simulation;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.util.Locale;
import java.util.Map;

/**
 * A small fleet for strategy behaviour tests, written as the YAML a user would write: cells of nodes
 * whose requests (100 prompt tokens, 10 output tokens) take 20 ms alone with no batching slowdown,
 * mesh-sim's WAN between cells (25 ms base RTT), and the given arrivals, signals and faults.
 */
final class Scenario {
  int cells = 4;
  int nodesPerCell = 8;
  int slots = 4;
  /** Service time of one request alone on a node: 100 prompt tokens at 100,000/s + 10 at 500/s, about 21. */
  double serviceMs = 21;
  double durationS = 10;
  String arrival = "{ type: poisson, rps: 100 }";
  String signals = fresh();
  String faults = "[]";

  static String fresh() {
    return "{ queue_depth_ms: { min: 0, max: 0 }, vram_ms: { min: 0, max: 0 },"
        + " transport_ms: { intra_cell: [0, 0] } }";
  }

  /** Every node publishes its queue every {@code periodMs}, with no transport delay. */
  static String stale(double periodMs) {
    return String.format(
        Locale.ROOT,
        "{ queue_depth_ms: { min: %s, max: %s }, vram_ms: { min: %s, max: %s },"
            + " transport_ms: { intra_cell: [0, 0] } }",
        periodMs, periodMs, periodMs, periodMs);
  }

  /** Requests per second that keep the fleet's slots busy the given fraction of the time. */
  double rpsForLoad(double load) {
    return load * cells * nodesPerCell * slots * 1000 / serviceMs;
  }

  String yaml(String strategy) {
    return String.join(
        "\n",
        "seed: 7",
        "duration_s: " + durationS,
        "warmup_s: 0",
        "workload:",
        "  duration_s: " + durationS,
        "  arrival: " + arrival,
        "  mix: { llm: 1, vision: 0, asr: 0 }",
        "  llm:",
        "    in_tokens: { dist: constant, value: 100 }",
        "    out_tokens: { dist: constant, value: 10 }",
        "topology:",
        "  cells: " + cells,
        "  nodes_per_cell: " + nodesPerCell,
        "  gpu_profiles:",
        "    - { name: H100-80G, concurrency: " + slots + ", batch_window_ms: 0,"
            + " prefill_tokens_per_s: 100000, decode_tokens_per_s: 500, decode_slowdown_per_seq: 0 }",
        "network:",
        "  intra_cell_rtt_ms: { dist: constant, value: 0.5 }",
        "  inter_cell_coords: { dim: 3, base_rtt_ms: 25, noise: 0.1 }",
        "  bw_mbps: { intra_cell: 50000, inter_region: 5000 }",
        "signals: " + signals,
        "faults: " + faults,
        "strategies: [" + strategy + "]",
        "");
  }

  /** Runs one strategy, recording where it sent each request and when each answered. */
  Recording run(String strategy) {
    return run(strategy, Map.of());
  }

  Recording run(String strategy, Map<String, ?> params) {
    try {
      SimulationConfig config = ConfigLoader.parse(yaml(strategy), "test.yaml");
      Recording recording = new Recording(StrategyRegistry.fromClassPath().find(strategy));
      SimulationResult result =
          Simulation.run(
              config, strategy, recording, new StrategyParams(strategy, params),
              ProgressListener.NONE);
      recording.finish(result);
      return recording;
    } catch (InvalidInputException e) {
      throw new IllegalStateException(String.join("\n", e.problems()), e);
    }
  }
}
