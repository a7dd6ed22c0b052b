package dev.fabricplanner.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabricplanner.sim.config.TimeWindow;
import dev.fabricplanner.sim.config.TraceConfig;
import dev.fabricplanner.sim.config.TraceFormat;
import dev.fabricplanner.sim.config.TracePromptStructure;
import dev.fabricplanner.sim.workload.BlockHashes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The recorded vLLM replays with their prompts rebuilt from the run's shared_prefix workload: the
 * reuse the workload implies, every request at its measured length.
 */
class ReplayPromptsTest {
  private static final String TRACES = "vllm-calibration/traces/";

  /** The trace's non-failed input lengths, read directly from the file. */
  private static long[] measuredInputs(Path file) throws Exception {
    JsonNode root;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      root = new ObjectMapper().readTree(in);
    }
    return java.util.stream.StreamSupport.stream(root.get("requests").spliterator(), false)
        .filter(r -> !r.get("has_error").asBoolean())
        .mapToLong(r -> r.get("input_tokens").asLong())
        .toArray();
  }

  private static TracePrefixStats replay(Path file, TracePromptStructure prompts) throws Exception {
    return TracePrefixStatsTest.stats(new TraceConfig(file.toString(),
        Optional.of(TraceFormat.REPLAY), 1, TimeWindow.ALL, Optional.empty(), false, false,
        Optional.ofNullable(prompts)), 1e6);
  }

  /**
   * Each of the U = groups x users prompts comes back every U requests, so past the first U every
   * request finds its system prompt and question cached: the full blocks of system + question, over
   * the measured prompt (about 25 tokens longer than configured, those tokens unique).
   */
  private static void checkReuse(String run, int groups, int users, int system, int question)
      throws Exception {
    Path file = SharedData.path(TRACES + run + ".json.gz");
    long[] inputs = measuredInputs(file);
    TracePrefixStats rebuilt =
        replay(file, new TracePromptStructure(groups, users, system, question));
    long total = java.util.Arrays.stream(inputs).sum();
    assertThat(rebuilt.requests()).isEqualTo(inputs.length);
    assertThat(rebuilt.promptTokens()).isEqualTo(total);
    long shared = (system + question) / BlockHashes.BLOCK_TOKENS * BlockHashes.BLOCK_TOKENS;
    int u = groups * users;
    double implied = (double) (inputs.length - u) * shared / total;
    System.out.printf(java.util.Locale.ROOT, "%s: ideal hit rate %.4f rebuilt, %.4f implied%n",
        run, rebuilt.idealHitRate(), implied);
    assertThat(rebuilt.idealHitRate()).isCloseTo(implied, within(0.01));
    // Without the structure the trace has no prefixes at all.
    assertThat(replay(file, null).idealHitRate()).isZero();
  }

  @Test
  void codegenPromptsRecurAsTheWorkloadSays() throws Exception {
    checkReuse("20260217-155451-llama-2-7b-tp1-codegen", 11, 4, 100, 466);
  }

  @Test
  void generalPromptsRecurAsTheWorkloadSays() throws Exception {
    checkReuse("20260217-231439-llama-2-7b-tp1-general", 9, 5, 100, 447);
  }

  @Test
  void everyRebuiltPromptHasItsMeasuredLengthAndSharesItsGroupsSystemPrompt() throws Exception {
    Path file = SharedData.path(TRACES + "20260218-160939-codellama-34b-tp2-reasoning.json.gz");
    TraceConfig config = new TraceConfig(file.toString(), Optional.of(TraceFormat.REPLAY), 1,
        TimeWindow.ALL, Optional.empty(), false, false,
        Optional.of(new TracePromptStructure(23, 1, 100, 934)));
    long[] inputs = measuredInputs(file);
    var base = dev.fabricplanner.sim.config.ConfigLoader.load(Path.of("..", "examples", "small.yaml"));
    var sim = base.withTiming(1e6, 0)
        .withWorkload(base.workload().withDurationS(1e6).withTrace(config));
    java.util.Set<Long> firstBlocks = new java.util.HashSet<>();
    try (TraceRequestSource source =
        new TraceRequestSource(sim, new dev.fabricplanner.sim.workload.RandomStreams(1))) {
      int k = 0;
      while (source.nextArrivalMs() != Double.POSITIVE_INFINITY) {
        source.generate();
        assertThat(source.inputTokens()).isEqualTo((int) inputs[k]);
        long[] hashes = source.promptBlockHashes();
        assertThat(hashes).hasSize((int) (inputs[k] / BlockHashes.BLOCK_TOKENS));
        firstBlocks.add(hashes[0]);
        k++;
      }
      assertThat(k).isEqualTo(inputs.length);
    }
    // 23 groups of one user each: 23 different system prompts.
    assertThat(firstBlocks).hasSize(23);
  }

  @Test
  void failedRequestsAreReplayedWithTheConfiguredLengthsWhenAnAnswerLengthIsGiven() throws Exception {
    Path file = SharedData.path(TRACES + "20260217-170634-llama-2-7b-tp1-reasoning.json.gz");
    TracePrefixStats left = replay(file, new TracePromptStructure(23, 1, 100, 934));
    TracePromptStructure keep = new TracePromptStructure(23, 1, 100, 934, 1101);
    TracePrefixStats kept = replay(file, keep);
    // 4,800 sent, 4,068 marked has_error with no token counts (the client gave up at 300 s).
    assertThat(left.requests()).isEqualTo(732);
    assertThat(kept.requests()).isEqualTo(4_800);
    long measured = java.util.Arrays.stream(measuredInputs(file)).sum();
    assertThat(kept.promptTokens()).isEqualTo(measured + 4_068L * (100 + 934));
    try (TraceReader reader = TraceReader.open(new TraceConfig(file.toString(),
        Optional.of(TraceFormat.REPLAY), 1, TimeWindow.ALL, Optional.empty(), false, false,
        Optional.of(keep)))) {
      int failed = 0;
      while (reader.next()) {
        failed += reader.failed() ? 1 : 0;
      }
      assertThat(failed).isEqualTo(4_068);
      assertThat(reader.excluded()).isZero();
    }
  }
}
