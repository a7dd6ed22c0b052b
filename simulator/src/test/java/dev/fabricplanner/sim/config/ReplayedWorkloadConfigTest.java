package dev.fabricplanner.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code workload.trace} and {@code workload.shared_prefix} with {@code stages}: read and written. */
class ReplayedWorkloadConfigTest {
  private static final Path SMALL = Path.of("..", "examples", "small.yaml");

  /** The small example with its workload block replaced by {@code workload}. */
  private static String small(String workload) throws Exception {
    String text = Files.readString(SMALL);
    int start = text.indexOf("\nworkload:\n") + 1;
    int end = text.indexOf("\ntopology:\n") + 1;
    return text.substring(0, start) + workload + text.substring(end);
  }

  @Test
  void aTraceBlockReadsWritesAndReadsBackEqual() throws Exception {
    SimulationConfig config = ConfigLoader.parse(small("""
        workload:
          trace:
            file: ../shared/data/traces/mooncake/synthetic_trace.jsonl
            format: mooncake
            rate_scale: 2.5
            time_window: "60:600"
            block_size: 256
            skip_bad_lines: true
          tenants: { skew: { type: uniform }, count: 3 }
        """), "trace.yaml");
    TraceConfig trace = config.workload().trace().orElseThrow();
    assertThat(trace).isEqualTo(new TraceConfig(
        "../shared/data/traces/mooncake/synthetic_trace.jsonl", Optional.of(TraceFormat.MOONCAKE),
        2.5, new TimeWindow(60, 600), Optional.of(256), true, false));
    assertThat(config.workload().sharedPrefix()).isEmpty();
    String yaml = ConfigWriter.toYaml(config);
    assertThat(yaml).contains("time_window: \"60:600\"").contains("rate_scale: 2.5");
    SimulationConfig again = ConfigLoader.parse(yaml, "resolved.yaml");
    assertThat(again).isEqualTo(config);
    assertThat(ConfigWriter.toYaml(again)).isEqualTo(yaml);

    SimulationConfig open = ConfigLoader.parse(small("""
        workload:
          trace: { file: t.csv, time_window: "600:" }
        """), "open.yaml");
    assertThat(open.workload().trace().orElseThrow().window())
        .isEqualTo(new TimeWindow(600, Double.POSITIVE_INFINITY));
    assertThat(ConfigLoader.parse(ConfigWriter.toYaml(open), "again.yaml")).isEqualTo(open);
  }

  @Test
  void aSharedPrefixWorkloadWithStagesReadsWritesAndReadsBackEqual() throws Exception {
    SimulationConfig config = ConfigLoader.parse(small("""
        workload:
          shared_prefix:
            num_groups: 11
            num_prompts_per_group: 4
            system_prompt_len: 100
            question_len: 466
            output_len: 247
            enable_multi_turn_chat: true
          stages:
            - { rate_rps: 5, duration_s: 600 }
            - { rate_rps: 10, duration_s: 600 }
        """), "shared.yaml");
    assertThat(config.workload().sharedPrefix()).contains(new SharedPrefixWorkload(
        11, 4, 100, 466, 0, 247, 0, true, List.of(new LoadStage(5, 600), new LoadStage(10, 600))));
    String yaml = ConfigWriter.toYaml(config);
    SimulationConfig again = ConfigLoader.parse(yaml, "resolved.yaml");
    assertThat(again).isEqualTo(config);
    assertThat(ConfigWriter.toYaml(again)).isEqualTo(yaml);
  }

  @Test
  void eachMistakeIsOneLineNamingTheField() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.parse(small("""
        workload:
          trace: { file: t.csv, format: parquet, time_window: "9:3", block_size: 500 }
          stages: [ { rate_rps: 1, duration_s: 1 } ]
        """), "bad.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems())
            .anyMatch(line -> line.contains("workload.trace.format: unknown trace format"
                + " \"parquet\"; known formats: azure, burstgpt, mooncake, bailian, replay"))
            .anyMatch(line -> line.contains("workload.trace.time_window: must be FROM:TO"))
            .anyMatch(line -> line.contains("workload.trace.block_size: must be a multiple of 16"))
            .anyMatch(line -> line.contains("workload.stages: applies only with shared_prefix")));
    assertThatThrownBy(() -> ConfigLoader.parse(small("""
        workload:
          trace: { format: azure }
          shared_prefix: { num_groups: 1, num_prompts_per_group: 1, system_prompt_len: 0,
                           question_len: 5, output_len: 5 }
        """), "both.yaml"))
        .satisfies(e -> assertThat(((InvalidInputException) e).problems())
            .anyMatch(line -> line.contains("workload.trace.file: required"))
            .anyMatch(line -> line.contains("workload.stages: required"))
            .anyMatch(line -> line.contains("workload.shared_prefix: cannot be combined with trace")));
  }
}
