package dev.fabricplanner.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.ExperimentWorkload;
import dev.fabricplanner.sim.config.LoadStage;
import dev.fabricplanner.sim.config.SharedPrefixWorkload;
import dev.fabricplanner.sim.config.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** inference-perf's shared_prefix workload: stages, prefix sharing, history, determinism. */
class SharedPrefixGeneratorTest {
  private static final Path SMALL = Path.of("..", "examples", "small.yaml");

  static SimulationConfig config(SharedPrefixWorkload shared, long seed) throws Exception {
    SimulationConfig base = ConfigLoader.load(SMALL);
    double durationS = shared.durationS() + 1;
    return base.withSeed(seed)
        .withTiming(durationS, 0)
        .withWorkload(base.workload().withDurationS(durationS).withSharedPrefix(shared));
  }

  record Drawn(double arrivalMs, int tenant, int cell, int in, int out, long[] hashes) {}

  static List<Drawn> drain(RequestSource source) {
    List<Drawn> all = new ArrayList<>();
    while (source.nextArrivalMs() != Double.POSITIVE_INFINITY) {
      source.generate();
      all.add(new Drawn(source.arrivalMs(), source.tenant(), source.originCell(),
          source.inputTokens(), source.outputTokens(), source.promptBlockHashes()));
    }
    return all;
  }

  static List<Drawn> run(SharedPrefixWorkload shared, long seed) throws Exception {
    return drain(new SharedPrefixGenerator(config(shared, seed), new RandomStreams(seed)));
  }

  @Test
  void stagesSendExactlyRateTimesDurationEachInsideItsOwnInterval() throws Exception {
    SharedPrefixWorkload shared = new SharedPrefixWorkload(3, 4, 100, 50, 0, 20, 0, false,
        List.of(new LoadStage(5, 60), new LoadStage(20, 30), new LoadStage(2.5, 9)));
    List<Drawn> all = run(shared, 7);
    // 300 in [0, 60 s], 600 in (60, 90 s], floor(22.5) = 22 in (90, 99 s].
    assertThat(all).hasSize(300 + 600 + 22);
    assertThat(all.subList(0, 300)).allMatch(d -> d.arrivalMs() > 0 && d.arrivalMs() <= 60_000.001);
    assertThat(all.subList(300, 900))
        .allMatch(d -> d.arrivalMs() > 60_000 && d.arrivalMs() <= 90_000.001);
    assertThat(all.subList(900, 922))
        .allMatch(d -> d.arrivalMs() > 90_000 && d.arrivalMs() <= 99_000.001);
    // Gaps are scaled to fill the stage: its last request lands on its end.
    assertThat(all.get(299).arrivalMs()).isCloseTo(60_000, org.assertj.core.data.Offset.offset(1e-6));
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).arrivalMs()).isGreaterThanOrEqualTo(all.get(i - 1).arrivalMs());
    }
  }

  @Test
  void theSameSeedGivesTheSameRequestsAndAnotherSeedDoesNot() throws Exception {
    SharedPrefixWorkload shared = new SharedPrefixWorkload(4, 5, 150, 600, 40, 251, 30, true,
        List.of(new LoadStage(6, 20)));
    List<Drawn> first = run(shared, 11);
    List<Drawn> again = run(shared, 11);
    List<Drawn> other = run(shared, 12);
    assertThat(again).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      Drawn a = first.get(i);
      Drawn b = again.get(i);
      assertThat(b.arrivalMs()).isEqualTo(a.arrivalMs());
      assertThat(new int[] {b.tenant(), b.cell(), b.in(), b.out()})
          .containsExactly(a.tenant(), a.cell(), a.in(), a.out());
      assertThat(b.hashes()).containsExactly(a.hashes());
    }
    assertThat(other.get(0).arrivalMs()).isNotEqualTo(first.get(0).arrivalMs());
  }

  @Test
  void singleTurnSharesTheSystemPromptInAGroupAndRepeatsEveryPromptEachCycle() throws Exception {
    int groups = 3;
    int perGroup = 4;
    int users = groups * perGroup;
    int system = 100; // 6 full blocks, the 7th straddles into the question
    int question = 50;
    SharedPrefixWorkload shared = new SharedPrefixWorkload(groups, perGroup, system, question, 0,
        20, 0, false, List.of(new LoadStage(users * 3, 1)));
    List<Drawn> all = run(shared, 3);
    assertThat(all).hasSize(users * 3);
    Map<Long, Integer> bySystem = new HashMap<>();
    for (Drawn d : all.subList(0, users)) {
      assertThat(d.in()).isEqualTo(system + question);
      assertThat(d.hashes()).hasSize((system + question) / 16);
      bySystem.merge(d.hashes()[5], 1, Integer::sum);
    }
    // Three system prompts, each opening the prompts of four users; the block after it differs.
    assertThat(bySystem.values()).containsExactlyInAnyOrder(perGroup, perGroup, perGroup);
    assertThat(all.subList(0, users).stream().map(d -> d.hashes()[6]).distinct()).hasSize(users);
    for (int i = users; i < all.size(); i++) {
      assertThat(all.get(i).hashes()).containsExactly(all.get(i - users).hashes());
      assertThat(all.get(i).out()).isEqualTo(all.get(i - users).out());
    }
    // Ideal hit rate, by hand: in the first cycle the 3 non-first users of each group hit the 6
    // system blocks; every later request hits all 9 full blocks of its repeated prompt.
    long hitTokens = groups * (perGroup - 1) * 6 * 16L + 2L * users * 9 * 16;
    var stats = dev.fabricplanner.sim.trace.TracePrefixStats.of(
        new SharedPrefixGenerator(config(shared, 3), new RandomStreams(3)));
    assertThat(stats.hitTokens()).isEqualTo(hitTokens);
    assertThat(stats.promptTokens()).isEqualTo(3L * users * (system + question));
  }

  @Test
  void multiTurnCarriesEachSessionsHistoryIntoItsNextPrompt() throws Exception {
    int users = 2 * 3;
    SharedPrefixWorkload shared = new SharedPrefixWorkload(2, 3, 40, 30, 0, 25, 0, true,
        List.of(new LoadStage(users * 4, 1)));
    List<Drawn> all = run(shared, 5);
    assertThat(all).hasSize(users * 4);
    for (int i = 0; i < users; i++) {
      assertThat(all.get(i).in()).isEqualTo(40 + 30);
    }
    for (int i = users; i < all.size(); i++) {
      Drawn earlier = all.get(i - users);
      Drawn now = all.get(i);
      // The same session one round later: its last prompt, the answer, then the question again.
      assertThat(now.in()).isEqualTo(earlier.in() + earlier.out() + 30);
      assertThat(Arrays.copyOf(now.hashes(), earlier.hashes().length))
          .containsExactly(earlier.hashes());
    }
    // Sessions of the same group share the system prompt's 2 full blocks, no more.
    long sharingFirstBlock = all.subList(0, users).stream().map(d -> d.hashes()[0]).distinct().count();
    assertThat(sharingFirstBlock).isEqualTo(2);
  }

  @Test
  void buildsEachCalibrationExperimentsWorkloadOrSaysWhatIsMissing() throws Exception {
    Path file = dev.fabricplanner.sim.trace.SharedDataPath.of("vllm-calibration/experiments.json");
    JsonNode experiments = new ObjectMapper().readTree(Files.readString(file)).path("experiments");
    int built = 0;
    int refused = 0;
    for (JsonNode experiment : experiments) {
      try {
        SharedPrefixWorkload shared = ExperimentWorkload.of(experiment);
        built++;
        JsonNode spec = experiment.path("workload").path("shared_prefix");
        assertThat(shared.numGroups()).isEqualTo(spec.path("num_unique_system_prompts").asInt());
        assertThat(shared.stages()).hasSize(experiment.path("stages").size());
        if (experiment.path("id").asText().equals("20260217-155451-llama-2-7b-tp1-codegen")) {
          assertThat(shared).isEqualTo(new SharedPrefixWorkload(11, 4, 100, 466, 0, 247, 0, false,
              List.of(new LoadStage(5, 600), new LoadStage(10, 600))));
          // The generated run sends what the measured one sent: 3,000 then 6,000 requests.
          assertThat(run(shared, 1)).hasSize(9_000);
        }
      } catch (InvalidInputException missing) {
        refused++;
        assertThat(missing.getMessage()).startsWith("experiment ")
            .containsAnyOf("arrival_rate_rps: missing", "duration_s: missing")
            .contains("definition_source");
      }
    }
    // The 4 general-lite and 3 reasoning-lite runs lack a stage's rate or duration (README).
    assertThat(built).isEqualTo(14);
    assertThat(refused).isEqualTo(7);
    JsonNode broken = new ObjectMapper().readTree(
        "{\"id\":\"x\",\"workload\":{\"shared_prefix\":{\"num_unique_system_prompts\":0}}}");
    assertThatThrownBy(() -> ExperimentWorkload.of(broken)).hasMessage(
        "experiment x: workload.shared_prefix.num_unique_system_prompts: wanted a whole number >= 1");
  }
}
