package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code planner sim} end to end through the real command line, on the bundled small example. */
class SimCommandTest {
  private static final Path SMALL = Path.of("..", "examples", "small.yaml");

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  private int planner(String... args) {
    return CliRunner.execute(new PlannerCli(), args);
  }

  @Test
  void writesEveryResultFileAndTheSameBytesWhateverTheThreadCount(@TempDir Path dir)
      throws Exception {
    Path first = dir.resolve("one");
    Path second = dir.resolve("two");
    assertThat(planner("sim", "--config", SMALL.toString(), "--strategy", "power_of_two,baseline_rr",
        "--output", first.toString(), "--threads", "2")).isZero();
    assertThat(planner("sim", "--config", SMALL.toString(), "--strategy", "power_of_two,baseline_rr",
        "--output", second.toString(), "--threads", "1", "--quiet")).isZero();

    List<String> files = files(first);
    assertThat(files).containsExactlyInAnyOrder("config.yaml", "comparison.csv", "report.html",
        "timing.json", "power_of_two.json", "baseline_rr.json", "power_of_two/metrics.csv",
        "baseline_rr/metrics.csv", "power_of_two/latency.hdr", "baseline_rr/latency.hdr");
    for (String file : files) {
      if (!file.equals("timing.json")) {
        assertThat(Files.readAllBytes(second.resolve(file))).as(file)
            .isEqualTo(Files.readAllBytes(first.resolve(file)));
      }
    }

    JsonNode json = new ObjectMapper().readTree(first.resolve("power_of_two.json").toFile());
    long arrived = json.at("/requests/arrived").asLong();
    assertThat(arrived).isPositive();
    assertThat(json.at("/requests/completed").asLong() + json.at("/requests/dropped").asLong()
        + json.at("/requests/failed").asLong() + json.at("/requests/in_flight").asLong())
        .isEqualTo(arrived);
    assertThat(json.at("/latency_ms/p99").asDouble())
        .isGreaterThanOrEqualTo(json.at("/latency_ms/p50").asDouble()).isPositive();

    String stdout = console.stdout();
    assertThat(stdout.lines().filter(line -> line.startsWith("power_of_two"))).hasSize(2);
    assertThat(console.stderr())
        .contains("invariants hold for every strategy: request_conservation");
  }

  @Test
  void seedAndStrategyOverridesLandInTheResolvedConfig(@TempDir Path dir) throws Exception {
    assertThat(planner("sim", "--config", SMALL.toString(), "--strategy", "random", "--seed", "99",
        "--format", "json", "--output", dir.toString(), "--quiet")).isZero();
    String resolved = Files.readString(dir.resolve("config.yaml"));
    assertThat(resolved).contains("seed: 99").contains("- random");
    assertThat(files(dir)).contains("random.json").doesNotContain("comparison.csv");
  }

  @Test
  void anInvalidConfigIsOneLinePerProblemAndWritesNothing(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "seed: 1\nduration_s: -5\ntopolgy: {}\n");
    Path output = dir.resolve("out");
    assertThat(planner("sim", "--config", config.toString(), "--output", output.toString()))
        .isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    String stderr = console.stderr();
    assertThat(stderr).contains(config + ":2:13: duration_s:")
        .contains("topolgy: unknown key; did you mean \"topology\"?")
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(output).doesNotExist();
  }

  @Test
  void anUnknownStrategyNamesTheClosestOne(@TempDir Path dir) {
    assertThat(planner("sim", "--config", SMALL.toString(), "--strategy", "power_of_tow",
        "--output", dir.toString())).isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr())
        .contains("strategy \"power_of_tow\": unknown").contains("did you mean \"power_of_two\"?")
        .doesNotContain("Exception");
  }

  @Test
  void aMissingConfigFileIsOneLine(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    int exit = planner("sim", "--config", missing.toString(), "--output", dir.toString());
    assertThat(exit).isNotZero();
    assertThat(console.stderr().strip().lines()).hasSize(1)
        .allSatisfy(line -> assertThat(line).contains("nope.yaml"));
  }

  @Test
  void anOutputFolderThatIsAFileIsOneLine(@TempDir Path dir) throws Exception {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "keep me");
    int exit = planner("sim", "--config", SMALL.toString(), "--strategy", "random", "--output",
        blocker.resolve("out").toString(), "--quiet");
    assertThat(exit).isEqualTo(CliRunner.EXIT_IO);
    assertThat(console.stderr()).startsWith("error: ").contains("file")
        .doesNotContain("\tat ");
    assertThat(Files.readString(blocker)).isEqualTo("keep me");
  }

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
    }
  }
}
