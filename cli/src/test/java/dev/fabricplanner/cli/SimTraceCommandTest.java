package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code planner sim --trace}: the shared trace samples replayed through the real command line. */
class SimTraceCommandTest {
  private static final Path SMALL = Path.of("..", "examples", "small.yaml");
  private static final Path AZURE_CODE = shared("traces/azure-2023/AzureLLMInferenceTrace_code.csv");
  private static final Path MOONCAKE = shared("traces/mooncake/synthetic_trace.jsonl");

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  private static Path shared(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("shared/data"))) {
        return dir.resolve("shared/data").resolve(relative);
      }
    }
    throw new IllegalStateException("no shared/data folder above the module");
  }

  private int planner(String... args) {
    return CliRunner.execute(new PlannerCli(), args);
  }

  /** Azure requests in the first {@code seconds} of the file, counted with java.time. */
  private static long azureRequestsWithin(Path file, double seconds) throws Exception {
    List<String> lines = Files.readAllLines(file);
    double first = epochS(lines.get(1));
    return lines.stream().skip(1).filter(line -> epochS(line) - first < seconds).count();
  }

  private static double epochS(String line) {
    String time = line.split(",")[0];
    return LocalDateTime.parse(time.substring(0, 19).replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC)
        + Double.parseDouble("0" + time.substring(19));
  }

  @Test
  void replaysAzureWindowByteIdenticallyAndRecordsTheTraceInTheResolvedConfig(@TempDir Path dir)
      throws Exception {
    Path first = dir.resolve("one");
    Path second = dir.resolve("two");
    String[] args = {"sim", "--config", SMALL.toString(), "--strategy", "random,least_queue",
        "--trace", AZURE_CODE.toString(), "--time-window", "0:50", "--format", "json"};
    assertThat(planner(concat(args, "--output", first.toString()))).as(console.stderr()).isZero();
    assertThat(console.stderr()).contains("trace " + AZURE_CODE + " (azure):")
        .contains("ideal prefix hit rate 0.00 %");
    assertThat(planner(concat(args, "--output", second.toString(), "--threads", "1"))).isZero();
    for (String file : List.of("config.yaml", "random.json", "least_queue.json")) {
      assertThat(Files.readAllBytes(second.resolve(file))).as(file)
          .isEqualTo(Files.readAllBytes(first.resolve(file)));
    }
    JsonNode json = new ObjectMapper().readTree(first.resolve("random.json").toFile());
    assertThat(json.at("/requests/arrived").asLong()).isEqualTo(azureRequestsWithin(AZURE_CODE, 50));
    String resolved = Files.readString(first.resolve("config.yaml"));
    assertThat(resolved).contains("  trace:\n    file: " + quotedIfNeeded(AZURE_CODE.toString()))
        .contains("    format: azure\n").contains("    time_window: \"0:50\"\n");
  }

  private static String quotedIfNeeded(String path) {
    return path.matches("[A-Za-z_][A-Za-z0-9_.\\-/]*") ? path : "\"" + path;
  }

  @Test
  void replaysMooncakeAtTwiceTheRate(@TempDir Path dir) throws Exception {
    assertThat(planner("sim", "--config", SMALL.toString(), "--strategy", "random", "--trace",
        MOONCAKE.toString(), "--trace-format", "mooncake", "--rate-scale", "2", "--time-window",
        "0:100", "--format", "json", "--output", dir.toString())).isZero();
    // Requests in the first 100 s of the trace, replayed in 50 s (inside the run's 60 s).
    long expected = Files.readAllLines(MOONCAKE).stream()
        .map(line -> Double.parseDouble(line.replaceAll(".*\"timestamp\": *([0-9.]+).*", "$1")))
        .filter(ms -> ms < 100_000).count();
    JsonNode json = new ObjectMapper().readTree(dir.resolve("random.json").toFile());
    assertThat(json.at("/requests/arrived").asLong()).isEqualTo(expected).isPositive();
    assertThat(Files.readString(dir.resolve("config.yaml"))).contains("    rate_scale: 2\n");
  }

  @Test
  void replaysACalibrationRunsRequests(@TempDir Path dir) throws Exception {
    Path run = shared("vllm-calibration/traces/20260217-155451-llama-2-7b-tp1-codegen.json.gz");
    assertThat(planner("sim", "--config", SMALL.toString(), "--strategy", "random", "--trace",
        run.toString(), "--time-window", "0:30", "--format", "json", "--output", dir.toString()))
        .as(console.stderr()).isZero();
    JsonNode requests;
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(run))) {
      requests = new ObjectMapper().readTree(in).path("requests");
    }
    long expected = 0;
    for (JsonNode request : requests) {
      if (request.path("arrival_time_us").asLong() < 30_000_000
          && !request.path("has_error").asBoolean()) {
        expected++;
      }
    }
    JsonNode json = new ObjectMapper().readTree(dir.resolve("random.json").toFile());
    assertThat(json.at("/requests/arrived").asLong()).isEqualTo(expected).isPositive();
    assertThat(Files.readString(dir.resolve("config.yaml"))).contains("    format: replay\n");
  }

  @Test
  void aBadTraceLineStopsBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("bad.csv");
    Files.writeString(trace, "TIMESTAMP,ContextTokens,GeneratedTokens\n"
        + "2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:47.0000000,-3,44\n");
    Path output = dir.resolve("out");
    assertThat(planner("sim", "--config", SMALL.toString(), "--trace", trace.toString(),
        "--output", output.toString())).as(console.stderr()).isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr()).contains(trace + ":3: ContextTokens: wanted a whole number of"
        + " tokens >= 0, got \"-3\"").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(output).doesNotExist();

    assertThat(planner("sim", "--config", SMALL.toString(), "--trace", trace.toString(),
        "--skip-bad-lines", "--format", "json", "--strategy", "random", "--output",
        output.toString())).isZero();
    assertThat(console.stderr()).contains("trace: skipped 1 bad lines (first: " + trace + ":3:");
    assertThat(Files.readString(output.resolve("config.yaml"))).contains("skip_bad_lines: true");
  }

  @Test
  void validateReadsAConfiguredTraceThrough(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("bad.jsonl");
    Files.writeString(trace, "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 2}\n"
        + "{\"timestamp\": 9, \"input_length\": 10}\n");
    String text = Files.readString(SMALL);
    int start = text.indexOf("\nworkload:\n") + 1;
    Path config = dir.resolve("replay.yaml");
    Files.writeString(config, text.substring(0, start) + "workload:\n  trace: { file: \""
        + trace.toString().replace("\\", "/") + "\" }\n" + text.substring(text.indexOf("\ntopology:\n") + 1));
    assertThat(planner("validate", "--config", config.toString()))
        .isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr()).contains(trace + ":2: output_length: missing");
    Files.writeString(trace, "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 2}\n");
    assertThat(planner("validate", "--config", config.toString())).as(console.stderr()).isZero();
  }

  @Test
  void anUnknownFormatOrAStrayFlagIsOneClearLine(@TempDir Path dir) throws Exception {
    assertThat(planner("sim", "--config", SMALL.toString(), "--trace", AZURE_CODE.toString(),
        "--trace-format", "splitwise", "--output", dir.resolve("a").toString()))
        .isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr()).contains("--trace-format: unknown trace format \"splitwise\";"
        + " known formats: azure, burstgpt, mooncake, bailian, replay");
    assertThat(planner("sim", "--config", SMALL.toString(), "--rate-scale", "2", "--output",
        dir.resolve("b").toString())).isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr()).contains("need --trace FILE or a workload.trace block");
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(dir.resolve("b")).doesNotExist();
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
