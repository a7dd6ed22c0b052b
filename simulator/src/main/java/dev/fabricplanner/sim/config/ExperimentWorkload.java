package dev.fabricplanner.sim.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabricplanner.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared_prefix workload of one measured experiment, in the layout of
 * {@code ../shared/data/vllm-calibration/experiments.json}: {@code workload.shared_prefix} gives the
 * groups, users, system prompt, question and output lengths, {@code stages[]} the constant rates and
 * durations.
 *
 * <p>Multi-turn history is off although the runs name {@code enable_multi_turn_chat=true}: the
 * prompts they measured do not grow (codegen: system 100 + question 466 = 566 tokens configured,
 * 591.6 mean and 604 at most over 9,000 requests; carried history would reach thousands of tokens
 * within minutes), so the client they ran did not carry answers into later prompts.
 */
public final class ExperimentWorkload {
  private ExperimentWorkload() {}

  /** The workload of {@code experiment}; an error names the experiment and the missing field. */
  public static SharedPrefixWorkload of(JsonNode experiment) throws InvalidInputException {
    String id = experiment.path("id").asText("(no id)");
    JsonNode workload = experiment.path("workload");
    JsonNode shared = workload.path("shared_prefix");
    String source = workload.path("definition_source").asText("");
    String because = source.isEmpty() ? "" : " (definition_source: " + source + ")";
    if (!shared.isObject()) {
      throw new InvalidInputException(
          "experiment " + id + ": workload.shared_prefix: missing, wanted the generator's settings");
    }
    int groups = count(id, shared, "num_unique_system_prompts", 1, because);
    int users = count(id, shared, "num_users_per_system_prompt", 1, because);
    int system = count(id, shared, "system_prompt_len_tokens", 0, because);
    int question = count(id, shared, "question_len_tokens", 1, because);
    int output = count(id, shared, "output_len_tokens", 1, because);
    List<LoadStage> stages = new ArrayList<>();
    JsonNode list = experiment.path("stages");
    if (!list.isArray() || list.isEmpty()) {
      throw new InvalidInputException("experiment " + id + ": stages: missing" + because);
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode stage = list.get(i);
      stages.add(
          new LoadStage(
              positive(id, stage, "stages[" + i + "].", "arrival_rate_rps", because),
              positive(id, stage, "stages[" + i + "].", "duration_s", because)));
    }
    return new SharedPrefixWorkload(groups, users, system, question, 0, output, 0, false, stages);
  }

  private static int count(String id, JsonNode shared, String field, int min, String because)
      throws InvalidInputException {
    JsonNode value = shared.path(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min) {
      throw new InvalidInputException(
          "experiment " + id + ": workload.shared_prefix." + field
              + ": wanted a whole number >= " + min + because);
    }
    return value.asInt();
  }

  private static double positive(
      String id, JsonNode stage, String prefix, String field, String because)
      throws InvalidInputException {
    JsonNode value = stage.path(field);
    if (!value.isNumber() || !(value.asDouble() > 0)) {
      throw new InvalidInputException(
          "experiment " + id + ": " + prefix + field + ": "
              + (value.isMissingNode() || value.isNull() ? "missing" : "wanted a number > 0")
              + because);
    }
    return value.asDouble();
  }
}
