package dev.fabricplanner.sim.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.json.JsonDocuments;
import dev.fabricplanner.core.json.StrictObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads measured runs from an experiments.json (the layout of shared/data/vllm-calibration). Only the
 * fields calibration uses are read; each missing or malformed one is reported by JSON pointer.
 */
public final class MeasuredExperiments {
  private MeasuredExperiments() {}

  public static List<MeasuredExperiment> read(Path file) throws InvalidInputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read the experiments file: " + e.getMessage());
    }
    StrictObject.Problems problems = new StrictObject.Problems(file.toString());
    JsonNode tree = JsonDocuments.parse(text, problems);
    StrictObject root = StrictObject.root(tree, problems);
    List<MeasuredExperiment> experiments = new ArrayList<>();
    if (root != null) {
      List<StrictObject> entries = root.objectArray("experiments", true);
      for (int i = 0; i < entries.size(); i++) {
        // Once an element is not an object the indices shift, but then the file is rejected anyway.
        MeasuredExperiment experiment = experiment(entries.get(i),
            overloaded(tree.path("experiments").path(i).path("notes")));
        if (experiment != null) {
          experiments.add(experiment);
        }
      }
      if (problems.isEmpty() && experiments.isEmpty()) {
        root.problem("experiments", "wanted at least one experiment, got none");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems.lines());
    }
    return List.copyOf(experiments);
  }

  /** The dataset marks saturated runs with a note starting "OVERLOADED". */
  public static boolean overloaded(JsonNode notes) {
    for (JsonNode note : notes) {
      if (note.isTextual() && note.asText().startsWith("OVERLOADED")) {
        return true;
      }
    }
    return false;
  }

  private static MeasuredExperiment experiment(StrictObject entry, boolean overloaded) {
    String id = entry.requiredString("id");
    String model = entry.requiredString("model");
    String gpu = entry.requiredString("gpu");
    Integer tp = entry.requiredInt("tp", 1, 1024);
    Long kvBlocks = entry.optionalLong("kv_blocks_total_gpu", 1);
    StrictObject knobs = entry.requiredObject("vllm_knobs");
    Integer budget = null;
    Integer maxSeqs = null;
    Double utilization = null;
    Integer blockSize = null;
    if (knobs != null) {
      budget = knobs.requiredInt("max_num_batched_tokens", 1, Integer.MAX_VALUE);
      maxSeqs = knobs.requiredInt("max_num_seqs", 1, Integer.MAX_VALUE);
      utilization = knobs.optionalDouble("gpu_memory_utilization", 0, true);
      blockSize = knobs.optionalInt("block_size_tokens", 1, 1 << 20);
    }
    StrictObject workload = entry.requiredObject("workload");
    StrictObject shape = workload == null ? null : workload.requiredObject("shared_prefix");
    Integer system = null;
    Integer question = null;
    Integer output = null;
    Integer groups = null;
    Integer users = null;
    if (shape != null) {
      groups = shape.requiredInt("num_unique_system_prompts", 1, Integer.MAX_VALUE);
      users = shape.requiredInt("num_users_per_system_prompt", 1, Integer.MAX_VALUE);
      system = shape.requiredInt("system_prompt_len_tokens", 0, Integer.MAX_VALUE);
      question = shape.requiredInt("question_len_tokens", 0, Integer.MAX_VALUE);
      output = shape.requiredInt("output_len_tokens", 1, Integer.MAX_VALUE);
    }
    List<MeasuredExperiment.Stage> stages = new ArrayList<>();
    for (StrictObject stage : entry.objectArray("stages", true)) {
      MeasuredExperiment.Stage read = stage(stage);
      if (read != null) {
        stages.add(read);
      }
    }
    if (id == null || model == null || gpu == null || tp == null || budget == null
        || maxSeqs == null || groups == null || users == null || system == null || question == null
        || output == null) {
      return null;
    }
    return new MeasuredExperiment(id, model, gpu, tp, budget, maxSeqs, utilization,
        blockSize == null ? KvCapacity.DEFAULT_BLOCK_SIZE : blockSize, kvBlocks, groups * users,
        system, question,
        output, overloaded, stages);
  }

  private static MeasuredExperiment.Stage stage(StrictObject stage) {
    Integer index = stage.requiredInt("stage_index", 0, 1_000);
    Double rate = stage.optionalDouble("arrival_rate_rps", 0, true);
    Double ttft = stage.requiredDouble("ttft_mean_ms", 0, true);
    Double tpot = stage.requiredDouble("tpot_mean_ms", 0, true);
    Double e2e = stage.requiredDouble("e2e_mean_ms", 0, true);
    Double prompt = null;
    Double output = null;
    StrictObject detail = stage.optionalObject("measured_detail");
    if (detail != null) {
      StrictObject promptLengths = detail.optionalObject("prompt_len_tokens");
      StrictObject outputLengths = detail.optionalObject("output_len_tokens");
      prompt = promptLengths == null ? null : promptLengths.optionalDouble("mean", 0, true);
      output = outputLengths == null ? null : outputLengths.optionalDouble("mean", 0, true);
    }
    if (index == null || ttft == null || tpot == null || e2e == null) {
      return null;
    }
    return new MeasuredExperiment.Stage(index, rate, ttft, tpot, e2e, prompt, output);
  }
}
