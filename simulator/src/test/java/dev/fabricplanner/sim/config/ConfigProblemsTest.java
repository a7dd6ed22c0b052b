package dev.fabricplanner.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fabricplanner.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of mistake gives one exact line: file, line, column, field path, what is wanted. */
class ConfigProblemsTest {
  private static final String VALID_REST =
      """
      workload:
        arrival: { type: poisson, rps: 10 }
      topology:
        cells: 2
        nodes_per_cell: 4
        gpu_profiles:
          - name: H100
      """;

  private static List<String> problems(String yaml) {
    InvalidInputException error =
        catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.parse(yaml, "x.yaml"));
    assertThat(error).as("config should be rejected:\n" + yaml).isNotNull();
    return error.problems();
  }

  @Test
  void outOfRangeIntegerNamesFileLineColumnPathAndValue() {
    List<String> lines =
        problems(
            """
            duration_s: 60
            workload:
              arrival: { type: poisson, rps: 10 }
            topology:
              cells: 2
              nodes_per_cell: 4
              gpu_profiles:
                - name: H100
                - name: A100
                  concurrency: -2
            """);

    assertThat(lines)
        .containsExactly(
            "x.yaml:10:20: topology.gpu_profiles[1].concurrency: must be an integer >= 1, got"
                + " \"-2\"");
  }

  @Test
  void traceSharedPrefixNamesTheMissingAndTheBadKey() {
    assertThat(problems(
            """
            duration_s: 60
            workload:
              trace:
                file: t.json.gz
                shared_prefix: { num_groups: 0, num_prompts_per_group: 4, system_prompt_len: 100 }
            topology:
              cells: 1
              nodes_per_cell: 1
              gpu_profiles:
                - name: H100
            """))
        .containsExactly(
            "x.yaml:5:20: workload.trace.shared_prefix.question_len: required, an integer in"
                + " [0, 10000000]; it is missing",
            "x.yaml:5:34: workload.trace.shared_prefix.num_groups: must be an integer in"
                + " [1, 1000000], got \"0\"");
  }

  @Test
  void unknownKeyGetsClosestKnownKey() {
    assertThat(problems("duration_s: 60\nwarmup: 5\n" + VALID_REST))
        .containsExactly("x.yaml:2:1: warmup: unknown key; did you mean \"warmup_s\"?");
  }

  @Test
  void unknownKeyFarFromAnyListsTheKeysWanted() {
    assertThat(
            problems("duration_s: 60\n" + VALID_REST.replace("cells: 2", "cells: 2\n  zzzzzz: 1")))
        .containsExactly(
            "x.yaml:6:3: topology.zzzzzz: unknown key; expected one of: cells,"
                + " nodes_per_cell, gpu_profiles, mig, engine");
  }

  @Test
  void unknownTagNameGetsHint() {
    assertThat(problems("duration_s: 60\n" + VALID_REST.replace("type: poisson", "type: poison")))
        .containsExactly(
            "x.yaml:3:20: workload.arrival.type: unknown type \"poison\"; did you mean"
                + " \"poisson\"?");
  }

  @Test
  void missingRequiredFieldPointsAtItsMapping() {
    assertThat(problems("duration_s: 60\n" + VALID_REST.replace(", rps: 10", "")))
        .containsExactly(
            "x.yaml:3:12: workload.arrival.rps: required, a number > 0; it is missing");
  }

  @Test
  void missingSectionsAndDurationAreAllReported() {
    assertThat(problems("seed: 1\n"))
        .containsExactly(
            "x.yaml:1:1: duration_s: required, a number > 0; it is missing",
            "x.yaml:1:1: workload: required, a mapping with arrival (and mix, llm, ...); it is"
                + " missing",
            "x.yaml:1:1: topology: required, a mapping with cells, nodes_per_cell and gpu_profiles;"
                + " it is missing");
  }

  @Test
  void wrongTypesSayWhatWasFound() {
    assertThat(
            problems(
                "duration_s: [1]\nseed: \"7\"\n" + VALID_REST.replace("cells: 2", "cells: 2.5")))
        .containsExactly(
            "x.yaml:1:13: duration_s: must be a number > 0, got a list",
            "x.yaml:2:7: seed: must be an integer >= 0, got \"7\" (a quoted string; write the"
                + " number without quotes)",
            "x.yaml:6:10: topology.cells: must be an integer >= 1, got \"2.5\"");
  }

  @Test
  void mmppArraysMustHaveOneEntryPerState() {
    String yaml =
        "duration_s: 60\n"
            + VALID_REST.replace(
                "{ type: poisson, rps: 10 }",
                "{ type: mmpp, states: 3, rates_rps: [1, 2], dwell_s: [1, 2, 3, 4] }");
    assertThat(problems(yaml))
        .containsExactly(
            "x.yaml:3:48: workload.arrival.rates_rps: must have one rate per state (states: 3), got"
                + " 2",
            "x.yaml:3:65: workload.arrival.dwell_s: must have one dwell time per state (states: 3),"
                + " got 4");
  }

  @Test
  void mixMustSumToOneAndTheProblemNamesTheSum() throws Exception {
    String yaml = "duration_s: 60\n" + VALID_REST;
    assertThat(problems(yaml.replace("  arrival:", "  mix: { llm: 0, asr: 0 }\n  arrival:")))
        .containsExactly(
            "x.yaml:3:8: workload.mix: the fractions of llm, vision and asr must sum to 1, got 0");
    assertThat(
            problems(
                yaml.replace("  arrival:", "  mix: { llm: 0.8, vision: 0.3, asr: 0.2 }\n  arrival:")))
        .containsExactly(
            "x.yaml:3:8: workload.mix: the fractions of llm, vision and asr must sum to 1, got 1.3");
    // 0.7 + 0.2 + 0.1 is 0.9999999999999999 in binary floating point: accepted.
    String fine = yaml.replace("  arrival:", "  mix: { llm: 0.7, vision: 0.2, asr: 0.1 }\n  arrival:");
    assertThat(ConfigLoader.parse(fine, "x.yaml").workload().mix())
        .isEqualTo(new RequestMix(0.7, 0.2, 0.1));
  }

  @Test
  void rangesAndCrossFieldChecks() {
    String yaml =
        """
        duration_s: 60
        warmup_s: 60
        decision_cost_us: -1
        workload:
          arrival: { type: poisson, rps: 10 }
          llm:
            in_tokens: { dist: uniform, min: 100, max: 10 }
        topology:
          cells: 2
          nodes_per_cell: 4
          gpu_profiles:
            - { name: L40S, model_weights_gb: 60 }
          mig:
            enable: true
            profiles:
              - { name: a, fraction: 0.75, tokens_per_s: 1, concurrency: 1 }
              - { name: b, fraction: 0.5, tokens_per_s: 1, concurrency: 1 }
        signals:
          transport_ms: { intra_cell: [5, 1], inter_cell: [1, 2, 3] }
        faults:
          - { at_s: 70, kind: slowdown, factor: 0.5 }
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "x.yaml:2:11: warmup_s: must be less than duration_s (60), got 60",
            "x.yaml:3:19: decision_cost_us: must be a number >= 0, got \"-1\"",
            "x.yaml:7:48: workload.llm.in_tokens.max: must be >= min (100), got 10",
            "x.yaml:12:39: topology.gpu_profiles[0].model_weights_gb: must be less than"
                + " vram_total_gb (51.5), got 60",
            "x.yaml:16:7: topology.mig.profiles: the slices' fractions must sum to at most 1 (one"
                + " GPU), got 1.25",
            "x.yaml:19:35: signals.transport_ms.intra_cell[1]: must be >= the minimum (5), got 1",
            "x.yaml:19:51: signals.transport_ms.inter_cell: not used here (strategies read one"
                + " fleet-wide view, so every router sees a signal after intra_cell); remove it"
                + " (docs/CONFIG.md)",
            "x.yaml:21:13: faults[0].at_s: must be before the end of the run (duration_s 60), got"
                + " 70",
            "x.yaml:21:41: faults[0].factor: must be a number >= 1, got \"0.5\"");
  }

  @Test
  void describedKeysHintTheClosestNameAndNameTheirRange() {
    String yaml =
        "duration_s: 60\n"
            + VALID_REST
            + """
              engine: { max_num_seq: 8, tp: 65 }
            network:
              inter_cell_coords: { noise: 2 }
            """;
    assertThat(problems(yaml))
        .containsExactly(
            "x.yaml:9:13: topology.engine.max_num_seq: unknown key; did you mean \"max_num_seqs\"?",
            "x.yaml:9:33: topology.engine.tp: must be an integer in [1, 64], got \"65\"",
            "x.yaml:11:31: network.inter_cell_coords.noise: must be a number in [0, 1], got \"2\"");
  }

  @Test
  void meshSimKeysThatNothingWouldUseAreRefusedOneLineEach() {
    String yaml =
        """
        duration_s: 10
        signals:
          p95_ms: { min: 1000, max: 1500 }
          transport_ms: { intra_cell: [5, 25], inter_cell: [50, 200] }
        """;
    assertThat(problems(yaml).stream().filter(line -> line.contains("signals")))
        .containsExactly(
            "x.yaml:3:11: signals.p95_ms: not used here (no strategy reads a published p95"
                + " latency); remove it (docs/CONFIG.md)",
            "x.yaml:4:52: signals.transport_ms.inter_cell: not used here (strategies read one"
                + " fleet-wide view, so every router sees a signal after intra_cell); remove it"
                + " (docs/CONFIG.md)");
  }

  @Test
  void duplicateKeysAndNamesAreReported() {
    String yaml =
        "duration_s: 60\nduration_s: 61\nstrategies: [least_queue, least_queue]\n"
            + VALID_REST
            + "    - name: H100\n";
    assertThat(problems(yaml))
        .containsExactly(
            "x.yaml:2:1: duration_s: duplicate key (first set on line 1)",
            "x.yaml:3:27: strategies[1]: \"least_queue\" is listed twice",
            "x.yaml:11:13: topology.gpu_profiles[1].name: duplicate profile name \"H100\" (also"
                + " gpu_profiles[0])");
  }

  @Test
  void disaggregationKeysAreCheckedByTheirDescriptors() {
    String yaml =
        "duration_s: 60\n"
            + VALID_REST
            + "disaggregation:\n  hosts: []\n  prefill_nodes_per_cell: 4\n"
            + "  disable_transports: [efa, [nvlink]]\n  record: r\n";
    assertThat(problems(yaml))
        .containsExactly(
            "x.yaml:10:3: disaggregation.records: required, a folder of capability records (or"
                + " --records DIR); it is missing",
            "x.yaml:10:10: disaggregation.hosts: must list at least one record host",
            "x.yaml:11:27: disaggregation.prefill_nodes_per_cell: must be an integer in [0, 3],"
                + " got \"4\"",
            "x.yaml:12:29: disaggregation.disable_transports[1]: must be a non-empty string, got a list",
            "x.yaml:13:3: disaggregation.record: unknown key; did you mean \"records\"?");
  }

  @Test
  void strategyParamsMustNameARunStrategy() {
    String yaml =
        "duration_s: 60\nstrategies: [power_of_two]\nstrategy_params:\n"
            + "  power_of_tw: { d: 2 }\n"
            + VALID_REST;
    assertThat(problems(yaml))
        .containsExactly(
            "x.yaml:4:3: strategy_params.power_of_tw: unknown key; did you mean \"power_of_two\"?");
  }

  @Test
  void yamlSyntaxErrorIsOneLineWithPosition() {
    assertThat(
            problems(
                "duration_s: 60\nworkload:\n  arrival: {type: poisson, rps: 5\ntopology: {}\n"))
        .containsExactly(
            "x.yaml:4:9: YAML syntax: while parsing a flow mapping: expected ',' or '}',"
                + " but got :");
    assertThat(problems("a: 1\n  b: 2\n"))
        .containsExactly("x.yaml:2:4: YAML syntax: mapping values are not allowed here");
  }

  @Test
  void emptyOrNonMappingFile() {
    assertThat(problems(""))
        .containsExactly(
            "x.yaml: the config is empty; expected a mapping with duration_s, workload and"
                + " topology");
    assertThat(problems("- 1\n"))
        .containsExactly("x.yaml:1:1: must be a mapping of keys to values, got a list");
  }

  @Test
  void missingFileIsOneLine(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");
    InvalidInputException error =
        catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.load(file));
    assertThat(error.problems()).containsExactly(file + ": cannot read the config: no such file");
  }

  @Test
  void manyProblemsAreReportedTogetherInFileOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        duration_s: -5
        workload:
          arrival: { type: poisson, rps: 0 }
          mix: { llm: 1, vison: 0.5 }
        topology:
          cells: 0
          nodes_per_cell: 4
          gpu_profiles: []
        """);
    InvalidInputException error =
        catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.load(file));
    assertThat(error.problems())
        .containsExactly(
            file + ":1:13: duration_s: must be a number > 0, got \"-5\"",
            file + ":3:34: workload.arrival.rps: must be a number > 0, got \"0\"",
            file + ":4:18: workload.mix.vison: unknown key; did you mean \"vision\"?",
            file + ":6:10: topology.cells: must be an integer >= 1, got \"0\"",
            file + ":8:17: topology.gpu_profiles: must list at least one GPU profile");
  }
}
