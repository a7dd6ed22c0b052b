package dev.fabricplanner.sim.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads what replaces drawn requests: {@code workload.trace}, or {@code workload.shared_prefix} with
 * {@code workload.stages}. The shared_prefix keys are inference-perf's own names, so a profile's
 * {@code data.shared_prefix} block copies over unchanged.
 */
final class WorkloadSourceReader {
  private WorkloadSourceReader() {}

  static Optional<TraceConfig> trace(YamlMap workload) {
    return workload.map("trace").map(WorkloadSourceReader::traceBlock);
  }

  private static TraceConfig traceBlock(YamlMap map) {
    String file = map.text("file").orElse("");
    if (!map.has("file")) {
      map.missing("file", "the trace file to replay");
    }
    Optional<String> formatName = map.text("format");
    Optional<TraceFormat> format = formatName.flatMap(TraceFormat::named);
    if (formatName.isPresent() && format.isEmpty()) {
      map.problem("format", TraceFormat.unknown(formatName.get()));
    }
    double rateScale = map.number("rate_scale", 1, Bound.positive());
    TimeWindow window = TimeWindow.ALL;
    Optional<String> windowText = map.text("time_window");
    if (windowText.isPresent()) {
      Optional<TimeWindow> parsed = TimeWindow.parse(windowText.get());
      if (parsed.isEmpty()) {
        map.problem(
            "time_window",
            "must be FROM:TO in seconds after the trace's first request, FROM < TO, either side"
                + " may be empty (600:1200, :3600); got \"" + windowText.get() + "\"");
      } else {
        window = parsed.get();
      }
    }
    Optional<Integer> blockSize = Optional.empty();
    if (map.has("block_size")) {
      long tokens = map.integer("block_size", 16, Bound.integerIn(16, 1 << 20));
      if (tokens % 16 != 0) {
        map.problem(
            "block_size", "must be a multiple of 16 (the engine's block), got " + tokens);
      }
      blockSize = Optional.of((int) tokens);
    }
    boolean skipBadLines = map.bool("skip_bad_lines", false);
    boolean sort = map.bool("sort", false);
    Optional<TracePromptStructure> prompts = map.map("shared_prefix").map(shared -> {
      Bound count = Bound.integerIn(1, 1_000_000);
      Bound tokens = Bound.integerIn(0, 10_000_000);
      TracePromptStructure structure = new TracePromptStructure(
          (int) shared.requiredInteger("num_groups", count),
          (int) shared.requiredInteger("num_prompts_per_group", count),
          (int) shared.requiredInteger("system_prompt_len", tokens),
          (int) shared.requiredInteger("question_len", tokens),
          (int) shared.integer("output_len", 0, tokens));
      shared.finish();
      return structure;
    });
    map.finish();
    return new TraceConfig(file, format, rateScale, window, blockSize, skipBadLines, sort, prompts);
  }

  static Optional<SharedPrefixWorkload> sharedPrefix(YamlMap workload) {
    Optional<YamlMap> found = workload.map("shared_prefix");
    List<LoadStage> stages = stages(workload);
    if (found.isEmpty()) {
      if (workload.has("stages")) {
        workload.problem("stages", "applies only with shared_prefix");
      }
      return Optional.empty();
    }
    YamlMap map = found.get();
    Bound count = Bound.integerIn(1, 1_000_000);
    Bound tokens = Bound.integerIn(0, 10_000_000);
    SharedPrefixWorkload shared =
        new SharedPrefixWorkload(
            (int) map.requiredInteger("num_groups", count),
            (int) map.requiredInteger("num_prompts_per_group", count),
            (int) map.requiredInteger("system_prompt_len", tokens),
            (int) map.requiredInteger("question_len", Bound.integerIn(1, 10_000_000)),
            map.number("question_len_std", 0, Bound.nonNegative()),
            (int) map.requiredInteger("output_len", Bound.integerIn(1, 10_000_000)),
            map.number("output_len_std", 0, Bound.nonNegative()),
            map.bool("enable_multi_turn_chat", false),
            stages);
    map.finish();
    if (!workload.has("stages")) {
      workload.missing("stages", "a list of {rate_rps, duration_s} constant-rate stages");
    }
    return Optional.of(shared);
  }

  private static List<LoadStage> stages(YamlMap workload) {
    List<LoadStage> stages = new ArrayList<>();
    List<Node> items = workload.list("stages").orElse(List.of());
    if (workload.has("stages") && items.isEmpty()) {
      workload.problem("stages", "must list at least one stage");
    }
    for (int i = 0; i < items.size(); i++) {
      Optional<YamlMap> item =
          YamlMap.of(items.get(i), workload.pathOf("stages") + "[" + i + "]", workload.problems());
      if (item.isEmpty()) {
        continue;
      }
      YamlMap map = item.get();
      stages.add(
          new LoadStage(
              map.requiredNumber("rate_rps", Bound.positive()),
              map.requiredNumber("duration_s", Bound.positive())));
      map.finish();
    }
    return stages;
  }
}
