package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.sim.output.LatencyHistogramFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code planner compare} over real {@code planner sim} output folders. */
class CompareCommandTest {
  private static final Path SMALL = Path.of("..", "examples", "small.yaml");

  @TempDir static Path runs;
  private static Path fast;
  private static Path slow;

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  /** Two real runs of the small example: seed 42 and seed 7, two strategies each. */
  @BeforeAll
  static void simulate() {
    fast = runs.resolve("seed42");
    slow = runs.resolve("seed7");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    System.setOut(quiet);
    System.setErr(quiet);
    try {
      assertThat(CliRunner.execute(new PlannerCli(), "sim", "--config", SMALL.toString(),
          "--strategy", "random,least_queue", "--output", fast.toString(), "--quiet")).isZero();
      assertThat(CliRunner.execute(new PlannerCli(), "sim", "--config", SMALL.toString(),
          "--strategy", "random,least_queue", "--seed", "7", "--output", slow.toString(), "--quiet"))
          .isZero();
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
    }
  }

  private int planner(String... args) {
    return CliRunner.execute(new PlannerCli(), args);
  }

  @Test
  void putsEveryRunOfEveryFolderInOneTableCsvAndReport(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("cmp");
    assertThat(planner("compare", fast.toString(), slow.toString(), "--output", output.toString()))
        .isZero();

    List<String> csv = Files.readAllLines(output.resolve("comparison.csv"));
    assertThat(csv).hasSize(5);
    assertThat(csv.stream().skip(1).map(line -> line.substring(0, line.indexOf(','))))
        .containsExactly(
            "seed42/least_queue", "seed42/random", "seed7/least_queue", "seed7/random");
    // The figures are the ones each run wrote: the saved comparison.csv rows, relabelled.
    List<String> original = Files.readAllLines(fast.resolve("comparison.csv"));
    String savedRandom = original.stream().filter(l -> l.startsWith("random,")).findFirst().orElseThrow();
    assertThat(csv).contains("seed42/" + savedRandom);
    assertThat(csv.get(0)).isEqualTo(original.get(0));

    String stdout = console.stdout();
    assertThat(stdout.lines().filter(line -> line.startsWith("seed7/"))).hasSize(2);
    // Two seeds of one config: the verdict pairs each strategy's runs by seed, under its own name.
    assertThat(stdout).contains("winner per metric");
    assertThat(stdout.lines().filter(line -> line.contains("beyond noise")))
        .hasSize(5)
        .allSatisfy(line -> assertThat(line).doesNotContain("seed7/").contains("(2 seeds)").isNotEmpty());

    String html = Files.readString(output.resolve("report.html"));
    assertThat(html).contains("seed7/least_queue").contains("<svg").doesNotContain("<script")
        .doesNotContain("http://cdn").doesNotContain("https://");
    // The CDF is drawn from the saved latency.hdr files (charts are paths in SVG, so no text to match).
    assertThat(cdfSection(html)).contains("<svg").doesNotContain("(no data)");
  }

  @Test
  void foldersOfDifferentConfigsAreNeverPairedAsSeedsAndTheNoteSaysSo(@TempDir Path dir) throws Exception {
    // The seed-7 runs, said to have run at another arrival rate: same strategies, other seed, other config.
    Path other = Files.createDirectories(dir.resolve("seed7-other"));
    for (String file : List.of("random.json", "least_queue.json")) {
      Files.copy(slow.resolve(file), other.resolve(file));
    }
    String config = Files.readString(slow.resolve("config.yaml"));
    assertThat(config).contains("rps: 300");
    Files.writeString(other.resolve("config.yaml"), config.replace("rps: 300", "rps: 600"));
    Path output = dir.resolve("cmp");

    assertThat(planner("compare", fast.toString(), other.toString(), "--output", output.toString()))
        .isZero();
    assertThat(console.stdout().lines().filter(line -> line.contains("beyond noise")))
        .isNotEmpty()
        .noneSatisfy(line -> assertThat(line).contains("seeds)"));
    assertThat(console.stderr()).contains("note: the folders ran 2 different configs (" + fast + " | "
        + other + "): rows of different configs compare fleets and workloads as well as strategies");
  }

  @Test
  void withoutSavedHistogramsTheTableStaysAndTheCdfIsLeftOut(@TempDir Path dir) throws Exception {
    Path copy = Files.createDirectories(dir.resolve("nohdr"));
    for (String file : List.of("random.json", "least_queue.json")) {
      Files.copy(fast.resolve(file), copy.resolve(file));
    }
    Path output = dir.resolve("cmp");
    assertThat(planner("compare", copy.toString(), "--output", output.toString())).isZero();
    assertThat(Files.readAllLines(output.resolve("comparison.csv"))).hasSize(3);
    assertThat(cdfSection(Files.readString(output.resolve("report.html")))).contains("(no data)");
  }

  /**
   * A folder written before prefill busy was measured (its JSON without the keys) still compares
   * beside a current one: its prefill cells are empty, the current runs' figures are kept.
   */
  @Test
  void anOlderFolderWithoutPrefillBusyStillCompares(@TempDir Path dir) throws Exception {
    Path old = Files.createDirectories(dir.resolve("old"));
    ObjectMapper mapper = new ObjectMapper();
    for (String file : List.of("random.json", "least_queue.json")) {
      ObjectNode root = (ObjectNode) mapper.readTree(fast.resolve(file).toFile());
      assertThat(root.at("/gpu/prefill_busy").isNumber()).isTrue();
      ((ObjectNode) root.get("gpu"))
          .remove(List.of("prefill_busy", "prefill_busy_by_profile"));
      Files.writeString(old.resolve(file), mapper.writeValueAsString(root));
    }
    Path output = dir.resolve("cmp");
    assertThat(planner("compare", old.toString(), fast.toString(), "--output", output.toString()))
        .isZero();

    List<String> csv = Files.readAllLines(output.resolve("comparison.csv"));
    List<String> header = List.of(csv.get(0).split(",", -1));
    int busy = header.indexOf("prefill_busy");
    int max = header.indexOf("prefill_busy_max");
    assertThat(busy).isPositive();
    for (String line : csv.subList(1, csv.size())) {
      String[] cells = line.split(",", -1);
      if (line.startsWith("old/")) {
        assertThat(cells[busy]).as(line).isEmpty();
        assertThat(cells[max]).as(line).isEmpty();
      } else {
        assertThat(Double.parseDouble(cells[busy])).as(line).isBetween(0.0, 1.0);
        assertThat(Double.parseDouble(cells[max])).as(line)
            .isBetween(Double.parseDouble(cells[busy]), 1.0);
      }
    }
    assertThat(console.stdout()).contains("pf max").doesNotContain("NaN");
    assertThat(Files.readString(output.resolve("report.html")))
        .contains("prefill busy not recorded in older results");
  }

  private static String cdfSection(String html) {
    return html.substring(html.indexOf("End-to-end latency CDF"), html.indexOf("Latency percentiles"));
  }

  @Test
  void savedHistogramsGiveBackTheRunsPercentiles() throws Exception {
    Histogram all =
        LatencyHistogramFile.parse(Files.readString(fast.resolve("random").resolve("latency.hdr")))
            .get("all");
    String json = Files.readString(fast.resolve("random.json"));
    com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    assertThat(all.getTotalCount()).isEqualTo(root.at("/latency_ms/count").asLong());
    assertThat(all.getValueAtPercentile(99) / 1000.0)
        .isCloseTo(root.at("/latency_ms/p99").asDouble(), org.assertj.core.data.Percentage.withPercentage(0.2));
  }

  @Test
  void badFoldersAreOneLineEachAndNothingIsWritten(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve("mesh.json"), "{\"strategy\": \"mesh\", \"seed\": 1}\n");
    Path output = dir.resolve("cmp");
    int exit = planner("compare", fast.toString(), missing.toString(), empty.toString(),
        broken.toString(), "--output", output.toString());
    assertThat(exit).isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    List<String> lines = console.stderr().strip().lines().toList();
    assertThat(lines).anySatisfy(line -> assertThat(line).contains(missing.toString()).contains("not a folder"));
    assertThat(lines).anySatisfy(line -> assertThat(line).contains(empty.toString()).contains("no <strategy>.json"));
    assertThat(lines).anySatisfy(line ->
        assertThat(line).contains(broken.resolve("mesh.json").toString()).contains("latency_ms.p99: missing"));
    assertThat(lines).noneSatisfy(line -> assertThat(line).contains("Exception"));
    assertThat(output).doesNotExist();
  }
}
