package dev.fabricplanner.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.TimeWindow;
import dev.fabricplanner.sim.config.TraceConfig;
import dev.fabricplanner.sim.config.TraceFormat;
import dev.fabricplanner.sim.workload.RandomStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ideal prefix hit rate, on a file small enough to check by hand and on the shared samples. */
class TracePrefixStatsTest {
  private static final Path SMALL = Path.of("..", "examples", "small.yaml");

  static TracePrefixStats stats(TraceConfig trace, double durationS) throws Exception {
    SimulationConfig base = ConfigLoader.load(SMALL);
    SimulationConfig config = base.withTiming(durationS, 0)
        .withWorkload(base.workload().withDurationS(durationS).withTrace(trace));
    try (TraceRequestSource source = new TraceRequestSource(config, new RandomStreams(1))) {
      return TracePrefixStats.of(source);
    }
  }

  @Test
  void handCheckedMooncakeLines(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("trace.jsonl");
    Files.writeString(file, """
        {"timestamp": 0, "input_length": 1024, "output_length": 4, "hash_ids": [1, 2]}
        {"timestamp": 10, "input_length": 1024, "output_length": 4, "hash_ids": [1, 3]}
        {"timestamp": 20, "input_length": 600, "output_length": 4, "hash_ids": [1, 2]}
        {"timestamp": 30, "input_length": 100, "output_length": 4, "hash_ids": [9]}
        {"timestamp": 40, "input_length": 1000, "output_length": 4, "hash_ids": [3, 1]}
        """);
    // 1: 64 new blocks. 2: id 1's 32 blocks hit (512 tokens), id 3 after id 1 is new.
    // 3: 600 tokens = 37 full blocks: 32 of id 1 and the first 5 of id 2, all seen (592 tokens).
    // 4: 6 full blocks of id 9, new. 5: id 3 first is a different chain from "1, 3": no hit.
    TracePrefixStats stats = stats(
        new TraceConfig(file.toString(), Optional.of(TraceFormat.MOONCAKE), 1, TimeWindow.ALL,
            Optional.empty(), false, false), 600);
    assertThat(stats.requests()).isEqualTo(5);
    assertThat(stats.promptTokens()).isEqualTo(1024 + 1024 + 600 + 100 + 1000);
    assertThat(stats.hitTokens()).isEqualTo(512 + 592);
    assertThat(stats.distinctBlocks()).isEqualTo(64 + 32 + 6 + 62);
    assertThat(stats.idealHitRate()).isCloseTo(1104.0 / 3748, within(1e-12));
    assertThat(stats.lastArrivalMs()).isEqualTo(40);

    // As 16-token ids (Bailian's), every id is one block: [1,2] then [1,3] shares one block.
    Path bailian = dir.resolve("bailian.jsonl");
    Files.writeString(bailian, """
        {"chat_id": 1, "timestamp": 0.0, "input_length": 40, "output_length": 1, "hash_ids": [1, 2, 3]}
        {"chat_id": 2, "timestamp": 0.5, "input_length": 40, "output_length": 1, "hash_ids": [1, 2, 7]}
        """);
    TracePrefixStats sixteen = stats(
        new TraceConfig(bailian.toString(), Optional.empty(), 1, TimeWindow.ALL,
            Optional.empty(), false, false), 600);
    // 40 tokens = 2 full blocks each (the third id covers a partial block); the second hits both.
    assertThat(sixteen.hitTokens()).isEqualTo(32);
    assertThat(sixteen.promptTokens()).isEqualTo(80);
  }

  @Test
  void sharedSamples() throws Exception {
    TracePrefixStats mooncake = stats(TraceReaderTest.config(TraceReaderTest.MOONCAKE), 100_000);
    TracePrefixStats azure = stats(TraceReaderTest.config(TraceReaderTest.AZURE_CONV), 100_000);
    System.out.printf(Locale.ROOT, "mooncake sample: %d requests, %d prompt tokens, ideal hit rate"
        + " %.4f, %d distinct blocks%n", mooncake.requests(), mooncake.promptTokens(),
        mooncake.idealHitRate(), mooncake.distinctBlocks());
    assertThat(mooncake.requests()).isEqualTo(3_993);
    // Counted independently by a short Python pass over the same file, at hash-id level: a trie of
    // id prefixes, block (prefix node, sub-block) seen or not, leading hits only, at most
    // (input_length - 1) // 16 of them (39,850,976 without that cap: 11 prompts were wholly cached).
    assertThat(mooncake.promptTokens()).isEqualTo(61_194_628);
    assertThat(mooncake.hitTokens()).isEqualTo(39_850_800);
    assertThat(mooncake.distinctBlocks()).isEqualTo(1_332_108);
    // Azure has no block ids: nothing is known to be shared.
    assertThat(azure.requests()).isEqualTo(19_366);
    assertThat(azure.hitTokens()).isZero();
  }
}
