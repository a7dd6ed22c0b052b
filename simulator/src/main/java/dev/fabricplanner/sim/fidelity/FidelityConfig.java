package dev.fabricplanner.sim.fidelity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.ExperimentWorkload;
import dev.fabricplanner.sim.config.LoadStage;
import dev.fabricplanner.sim.config.SharedPrefixWorkload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The simulation config of one measured experiment: a one-server fleet with its model, GPU, TP and
 * knobs, no network, live signals, and its workload (generated stage by stage or a replayed trace).
 * Built as a tree of the config's keys and written by SnakeYAML, the library the config reader uses,
 * so quoting and number formats are the reader's own; {@code ConfigLoader.parse} then checks it as it
 * checks any user's file.
 */
final class FidelityConfig {
  private final Map<String, Object> root = new LinkedHashMap<>();
  private final Map<String, Object> workload = new LinkedHashMap<>();

  /**
   * @param arrivalsS how long requests arrive
   * @param drainS simulated time after the last arrival for requests in flight to finish
   * @param coefficients the calibration file pricing steps; null: the shipped one
   */
  FidelityConfig(CalibrationRun run, long seed, double arrivalsS, double drainS, Path coefficients) {
    root.put("seed", seed);
    root.put("duration_s", arrivalsS + drainS);
    root.put("warmup_s", 0);
    workload.put("duration_s", arrivalsS);
    root.put("workload", workload);
    Map<String, Object> engine = new LinkedHashMap<>();
    engine.put("model", run.model());
    engine.put("gpu", run.gpu());
    engine.put("tp", run.tp());
    engine.put("block_size", run.blockSize());
    if (coefficients != null) {
      engine.put("coefficients", coefficients.toString());
    }
    if (run.maxNumBatchedTokens() > 0) {
      engine.put("max_num_batched_tokens", run.maxNumBatchedTokens());
    }
    if (run.maxNumSeqs() > 0) {
      engine.put("max_num_seqs", run.maxNumSeqs());
    }
    if (run.gpuMemoryUtilization() != null) {
      engine.put("gpu_memory_utilization", run.gpuMemoryUtilization());
    }
    Map<String, Object> topology = new LinkedHashMap<>();
    topology.put("cells", 1);
    topology.put("nodes_per_cell", 1);
    topology.put("gpu_profiles", List.of(Map.of("name", run.gpu(), "share", 1)));
    topology.put("engine", engine);
    root.put("topology", topology);
    root.put("network", Map.of("intra_cell_rtt_ms", Map.of("dist", "constant", "value", 0)));
    Map<String, Object> signals = new LinkedHashMap<>();
    Map<String, Object> fresh = Map.of("min", 0, "max", 0);
    signals.put("queue_depth_ms", fresh);
    signals.put("vram_ms", fresh);
    signals.put("transport_ms", Map.of("intra_cell", List.of(0, 0)));
    root.put("signals", signals);
  }

  /** The client disconnects from a request unanswered after this long; the engine aborts it. */
  FidelityConfig clientTimeout(double seconds) {
    workload.put("client_timeout_s", seconds);
    return this;
  }

  /**
   * Requests replayed from a recorded trace, their prompts rebuilt from the experiment's
   * shared_prefix groups (the traces recorded none); the requests the client marked failed replayed
   * too, with the configured prompt and answers of {@code failedOutputTokens} (0: configured).
   */
  FidelityConfig replay(Path trace, CalibrationRun run, int failedOutputTokens)
      throws InvalidInputException {
    SharedPrefixWorkload w = ExperimentWorkload.of(run.raw());
    Map<String, Object> prompts = new LinkedHashMap<>();
    prompts.put("num_groups", w.numGroups());
    prompts.put("num_prompts_per_group", w.numPromptsPerGroup());
    prompts.put("system_prompt_len", w.systemPromptLen());
    prompts.put("question_len", w.questionLen());
    prompts.put("output_len", failedOutputTokens > 0 ? failedOutputTokens : w.outputLen());
    Map<String, Object> replay = new LinkedHashMap<>();
    replay.put("file", trace.toAbsolutePath().toString());
    replay.put("format", "replay");
    replay.put("shared_prefix", prompts);
    workload.put("trace", replay);
    return this;
  }

  /**
   * inference-perf's shared_prefix generator as the experiment describes it, over {@code stages}
   * with these durations, answers of {@code outputTokens} (0: the configured length).
   */
  FidelityConfig sharedPrefix(CalibrationRun run, List<CalibrationRun.Stage> stages,
      List<Double> durations, int outputTokens) throws InvalidInputException {
    ObjectNode copy = run.raw().deepCopy();
    ArrayNode list = copy.putArray("stages");
    for (int i = 0; i < stages.size(); i++) {
      list.addObject().put("arrival_rate_rps", stages.get(i).rateRps())
          .put("duration_s", durations.get(i));
    }
    SharedPrefixWorkload w = ExperimentWorkload.of(copy);
    Map<String, Object> prefix = new LinkedHashMap<>();
    prefix.put("num_groups", w.numGroups());
    prefix.put("num_prompts_per_group", w.numPromptsPerGroup());
    prefix.put("system_prompt_len", w.systemPromptLen());
    prefix.put("question_len", w.questionLen());
    prefix.put("question_len_std", w.questionLenStd());
    prefix.put("output_len", outputTokens > 0 ? outputTokens : w.outputLen());
    prefix.put("output_len_std", w.outputLenStd());
    prefix.put("enable_multi_turn_chat", w.multiTurnChat());
    workload.put("shared_prefix", prefix);
    List<Map<String, Object>> loads = new ArrayList<>();
    for (LoadStage stage : w.stages()) {
      loads.add(Map.of("rate_rps", stage.rateRps(), "duration_s", stage.durationS()));
    }
    workload.put("stages", loads);
    return this;
  }

  /** The config as YAML, for the baseline strategy it is run with. */
  String yaml(String strategy) {
    Map<String, Object> config = new LinkedHashMap<>(root);
    config.put("strategies", List.of(strategy));
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(config);
  }
}
