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
    return workload.map(ConfigKeys.TRACE_KEY.name()).map(WorkloadSourceReader::traceBlock);
  }

  private static TraceConfig traceBlock(YamlMap map) {
    TraceConfig defaults = ConfigKeys.TRACE.defaults();
    String file = ConfigKeys.TRACE_FILE.read(map, defaults);
    if (!map.has(ConfigKeys.TRACE_FILE.name())) {
      map.missing(ConfigKeys.TRACE_FILE.name(), "the trace file to replay");
    }
    // Read as text so that an unknown format gets TraceFormat's own line (with how to add one).
    String formatKey = ConfigKeys.TRACE_FORMAT.name();
    Optional<String> formatName = map.text(formatKey);
    Optional<TraceFormat> format = formatName.flatMap(TraceFormat::named);
    if (formatName.isPresent() && format.isEmpty()) {
      map.problem(formatKey, TraceFormat.unknown(formatName.get()));
    }
    double rateScale = ConfigKeys.TRACE_RATE_SCALE.read(map, defaults);
    TimeWindow window = TimeWindow.ALL;
    String windowKey = ConfigKeys.TRACE_TIME_WINDOW.name();
    Optional<String> windowText = map.text(windowKey);
    if (windowText.isPresent()) {
      Optional<TimeWindow> parsed = TimeWindow.parse(windowText.get());
      if (parsed.isEmpty()) {
        map.problem(
            windowKey,
            "must be FROM:TO in seconds after the trace's first request, FROM < TO, either side"
                + " may be empty (600:1200, :3600); got \"" + windowText.get() + "\"");
      } else {
        window = parsed.get();
      }
    }
    Optional<Integer> blockSize = Optional.empty();
    String blockKey = ConfigKeys.TRACE_BLOCK_SIZE.name();
    if (map.has(blockKey)) {
      long tokens = ConfigKeys.TRACE_BLOCK_SIZE.readOr(map, 16L);
      if (tokens % 16 != 0) {
        map.problem(blockKey, "must be a multiple of 16 (the engine's block), got " + tokens);
      }
      blockSize = Optional.of((int) tokens);
    }
    boolean skipBadLines = ConfigKeys.TRACE_SKIP_BAD_LINES.read(map, defaults);
    boolean sort = ConfigKeys.TRACE_SORT.read(map, defaults);
    Optional<TracePromptStructure> prompts =
        map.map("shared_prefix").map(ConfigKeys.TRACE_SHARED_PREFIX::read);
    map.finish();
    return new TraceConfig(file, format, rateScale, window, blockSize, skipBadLines, sort, prompts);
  }

  static Optional<SharedPrefixWorkload> sharedPrefix(YamlMap workload) {
    String stagesKey = ConfigKeys.STAGES_KEY.name();
    Optional<YamlMap> found = workload.map(ConfigKeys.SHARED_PREFIX_KEY.name());
    List<LoadStage> stages = stages(workload);
    if (found.isEmpty()) {
      if (workload.has(stagesKey)) {
        workload.problem(stagesKey, "applies only with shared_prefix");
      }
      return Optional.empty();
    }
    YamlMap map = found.get();
    SharedPrefixWorkload defaults = ConfigKeys.SHARED_PREFIX.defaults();
    SharedPrefixWorkload shared =
        new SharedPrefixWorkload(
            ConfigKeys.NUM_GROUPS.require(map).intValue(),
            ConfigKeys.NUM_PROMPTS_PER_GROUP.require(map).intValue(),
            ConfigKeys.SYSTEM_PROMPT_LEN.require(map).intValue(),
            ConfigKeys.QUESTION_LEN.require(map).intValue(),
            ConfigKeys.QUESTION_LEN_STD.read(map, defaults),
            ConfigKeys.OUTPUT_LEN.require(map).intValue(),
            ConfigKeys.OUTPUT_LEN_STD.read(map, defaults),
            ConfigKeys.ENABLE_MULTI_TURN_CHAT.read(map, defaults),
            stages);
    map.finish();
    if (!workload.has(stagesKey)) {
      workload.missing(stagesKey, "a list of {rate_rps, duration_s} constant-rate stages");
    }
    return Optional.of(shared);
  }

  private static List<LoadStage> stages(YamlMap workload) {
    String stagesKey = ConfigKeys.STAGES_KEY.name();
    List<LoadStage> stages = new ArrayList<>();
    List<Node> items = workload.list(stagesKey).orElse(List.of());
    if (workload.has(stagesKey) && items.isEmpty()) {
      workload.problem(stagesKey, "must list at least one stage");
    }
    for (int i = 0; i < items.size(); i++) {
      Optional<YamlMap> item =
          YamlMap.of(
              items.get(i), workload.pathOf(stagesKey) + "[" + i + "]", workload.problems());
      if (item.isEmpty()) {
        continue;
      }
      stages.add(ConfigKeys.STAGE.read(item.get()));
    }
    return stages;
  }
}
