package dev.fabricplanner.sim.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** planner fidelity on real measured runs of ../shared/data/vllm-calibration. */
class FidelityRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path calibrationDir() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      Path candidate = at.resolve("shared/data/vllm-calibration");
      if (Files.isRegularFile(candidate.resolve("experiments.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared/data/vllm-calibration not found: the tests read it");
  }

  /** The named experiments of the real file, plus one naming a model nobody knows. */
  private static Path subset(Path dir, String... ids) throws Exception {
    JsonNode all = JSON.readTree(calibrationDir().resolve("experiments.json").toFile());
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("experiments");
    for (JsonNode e : all.get("experiments")) {
      if (List.of(ids).contains(e.get("id").asText())) {
        list.add(e);
      }
    }
    ObjectNode unknown = list.get(0).deepCopy();
    unknown.put("id", "unknown-model").put("model", "acme/NoSuchModel-9B");
    list.add(unknown);
    Path file = dir.resolve("experiments.json");
    JSON.writeValue(file.toFile(), root);
    return file;
  }

  @Test
  void simulatesEachStageAndSkipsWhatItCannotBuild(@TempDir Path dir) throws Exception {
    Path file = subset(dir, "63-mistral-nemo-12b-tp1-codegen-1-1",
        "66-qwen2-5-7b-instruct-tp1-reasoning-lite-1-1");
    List<String> progress = new ArrayList<>();
    FidelityReport report = new FidelityRunner(null, 42, 2, null, false).run(file, progress::add);
    assertEquals(3, progress.size());
    JsonNode root = JSON.readTree(report.json());
    JsonNode codegen = root.at("/experiments/0");
    assertEquals("ok", codegen.get("status").asText());
    assertEquals(2, codegen.get("stages").size());
    // The step model was fitted on this run's stages: its decode pace must come out close.
    for (JsonNode stage : codegen.get("stages")) {
      assertTrue(stage.at("/tpot_mean_ms/ape_pct").asDouble() < 10, stage.toString());
      assertTrue(stage.at("/e2e_mean_ms/predicted").asDouble() > 0);
    }
    assertTrue(codegen.has("summary"));
    // Stage duration not recorded: simulated at steady state, said so, no whole-run summary.
    JsonNode lite = root.at("/experiments/1");
    assertEquals("ok", lite.get("status").asText());
    assertFalse(lite.has("summary"));
    assertTrue(lite.get("reason").asText().contains("duration not recorded"), lite.toString());
    assertEquals(FidelityRunner.STEADY_STATE_S, lite.at("/stages/0/simulated_s").asDouble());
    JsonNode unknown = root.at("/experiments/2");
    assertEquals("skipped", unknown.get("status").asText());
    assertTrue(unknown.get("reason").asText().contains("NoSuchModel"), unknown.toString());
    // Same seed, same input: the same bytes.
    assertEquals(report.json(),
        new FidelityRunner(null, 42, 1, null, false).run(file, line -> {}).json());
  }

  /** The real run entry of the calibration file with this id. */
  private static CalibrationRun run(String id) throws Exception {
    for (JsonNode e : JSON.readTree(calibrationDir().resolve("experiments.json").toFile())
        .get("experiments")) {
      if (e.get("id").asText().equals(id)) {
        return CalibrationRun.of(e);
      }
    }
    throw new IllegalStateException(id + " not in experiments.json");
  }

  @Test
  void answersAreAsLongAsTheClientMeasuredThem() throws Exception {
    // Recorded per stage (measured_detail): the request-weighted mean of 193.7 and 195.8.
    assertEquals(195, FidelityRunner.measuredOutputTokens(
        run("20260217-155451-llama-2-7b-tp1-codegen")));
    // Not recorded: (E2E − TTFT) / TPOT + 1 of the stage, 1,120 tokens, where 1,448 were configured.
    assertEquals(1120, FidelityRunner.measuredOutputTokens(
        run("67-llama-2-7b-hf-tp1-reasoning-lite-1-1")));
    // Only the stages with a known rate are simulated, so only they count.
    assertEquals(247, FidelityRunner.measuredOutputTokens(
        run("62-mistral-nemo-12b-tp2-general-lite-2-1")));
  }

  @Test
  void replaysATraceAndComparesPercentilesWithThePerRequestGroundTruth(@TempDir Path dir)
      throws Exception {
    Path file = subset(dir, "20260217-155451-llama-2-7b-tp1-codegen");
    FidelityReport report = new FidelityRunner(calibrationDir().resolve("traces"), 7, 2, null, false)
        .run(file, line -> {});
    JsonNode codegen = JSON.readTree(report.json()).at("/experiments/0");
    assertTrue(codegen.get("reason").asText().startsWith("replayed "), codegen.toString());
    JsonNode percentiles = codegen.get("percentiles");
    for (String key : List.of("ttft_p50_ms", "ttft_p90_ms", "e2e_p50_ms", "e2e_p99_ms")) {
      assertTrue(percentiles.at("/" + key + "/measured").asDouble() > 0, key);
    }
    // The ground truth's median TTFT is about 27 ms (9,000 requests, checked by hand).
    assertEquals(27.2, percentiles.at("/ttft_p50_ms/measured").asDouble(), 0.5);
  }

  @Test
  void leaveOneModelOutHoldsOutEveryExperiment(@TempDir Path dir) throws Exception {
    Path file = subset(dir, "64-qwen2-5-7b-instruct-tp1-roleplay-1-1");
    FidelityReport report = new FidelityRunner(null, 42, 2, null, true).run(file, line -> {});
    JsonNode root = JSON.readTree(report.json());
    assertEquals("held_out", root.at("/experiments/0/role").asText());
    assertTrue(root.get("fitted_on").isEmpty());
    assertTrue(root.get("split").asText().startsWith("leave one model out"));
  }
}
