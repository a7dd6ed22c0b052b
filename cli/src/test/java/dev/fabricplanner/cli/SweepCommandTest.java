package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabricplanner.sim.sweep.SweepGrid;
import dev.fabricplanner.sim.sweep.SweepRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** {@code planner sweep}, {@code sweep-task} and {@code compare} on real runs of the small example. */
class SweepCommandTest {
  static final Path SMALL = Path.of("..", "examples", "small.yaml").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  static Path gridFile;
  static Path swept;

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  /** A grid of short runs: 2 strategies x 3 seeds of the small example, 4 simulated seconds each. */
  static String tinyGrid(String axes) {
    return "base: " + SMALL + "\n"
        + "set: { duration_s: 4, warmup_s: 1, workload.duration_s: 4, faults: [], workload.arrival.rps: 300 }\n"
        + "axes:\n" + axes;
  }

  @BeforeAll
  static void sweepOnce() throws Exception {
    gridFile = shared.resolve("grid.yaml");
    Files.writeString(gridFile, tinyGrid("  strategies: [least_queue, power_of_two]\n  seed: [1, 2, 3]\n"));
    swept = shared.resolve("swept");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    System.setOut(quiet);
    System.setErr(quiet);
    try {
      assertThat(CliRunner.execute(new PlannerCli(), "sweep", "--grid", gridFile.toString(), "--output",
          swept.toString(), "--jobs", "2", "--quiet")).isZero();
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
    }
  }

  private int planner(String... args) {
    return CliRunner.execute(new PlannerCli(), args);
  }

  @Test
  void listPrintsEveryIndexWithItsIdAndParameters() throws Exception {
    assertThat(planner("sweep", "--grid", gridFile.toString(), "--list")).isZero();
    SweepGrid grid = SweepGrid.load(gridFile);
    assertThat(console.stdout()).contains(": 6 runs (grid " + grid.fingerprint() + ")");
    for (SweepRun run : grid.runs()) {
      assertThat(console.stdout()).containsPattern("\\s" + run.index() + "  " + run.id() + "  strategies=\\w+ seed=\\d");
    }
  }

  @Test
  void eachRunIsWhatPlannerSimWritesForThatConfig(@TempDir Path dir) throws Exception {
    SweepGrid grid = SweepGrid.load(gridFile);
    SweepRun run = grid.runs().get(4);
    Path config = dir.resolve(run.id() + ".yaml");
    Files.writeString(config, grid.configYaml(run));
    Path direct = dir.resolve("direct");
    assertThat(planner("sim", "--config", config.toString(), "--output", direct.toString(), "--quiet")).isZero();
    Path runDir = swept.resolve("runs").resolve(run.id());
    List<Path> files = relativeFiles(direct);
    assertThat(files).contains(Path.of("power_of_two.json"), Path.of("config.yaml"), Path.of("report.html"));
    for (Path file : files) {
      if (!file.toString().equals("timing.json")) {
        assertThat(Files.readAllBytes(runDir.resolve(file))).as(file.toString())
            .isEqualTo(Files.readAllBytes(direct.resolve(file)));
      }
    }
    JsonNode record = JSON.readTree(runDir.resolve("sweep-run.json").toFile());
    assertThat(record.path("index").asInt()).isEqualTo(4);
    assertThat(record.path("params").path("seed").asInt()).isEqualTo(2);
    assertThat(record.path("sweep").asText()).isEqualTo(grid.fingerprint());
  }

  @Test
  void aSecondSweepRunsOnlyWhatIsMissing(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("copy");
    copyTree(swept, copy);
    SweepGrid grid = SweepGrid.load(gridFile);
    Path removed = copy.resolve("runs").resolve(grid.runs().get(2).id());
    Path kept = copy.resolve("runs").resolve(grid.runs().get(3).id()).resolve("timing.json");
    byte[] keptTiming = Files.readAllBytes(kept);
    deleteTree(removed);
    assertThat(planner("sweep", "--grid", gridFile.toString(), "--output", copy.toString())).isZero();
    assertThat(console.stderr()).contains("6/6 runs (1 done, 0 failed, 5 already complete)");
    assertThat(removed.resolve("sweep-run.json")).isRegularFile();
    assertThat(Files.readAllBytes(kept)).isEqualTo(keptTiming);
    assertThat(planner("sweep", "--grid", gridFile.toString(), "--output", copy.toString(), "--dry-run")).isZero();
    assertThat(console.stdout()).contains("would run 0 of 6 runs");
  }

  @Test
  void aKilledSweepLeavesOnlyCompleteRunsAndTheRestartMergesLikeAnUninterruptedOne(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("killed");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), PlannerCli.class.getName(), "sweep", "--grid",
        gridFile.toString(), "--output", out.toString(), "--jobs", "1", "--quiet"));
    Process sweep = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("sweep.log").toFile()).start();
    Path runs = out.resolve("runs");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (sweep.isAlive() && System.nanoTime() < deadline && completeRuns(runs) < 1) {
      Thread.sleep(20);
    }
    sweep.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, a run may be half done
    assertThat(completeRuns(runs)).as(Files.readString(dir.resolve("sweep.log"))).isBetween(1L, 5L);
    try (Stream<Path> entries = Files.list(runs)) {
      for (Path entry : entries.toList()) {
        assertThat(entry.getFileName().toString().startsWith(".") || Files.isRegularFile(entry.resolve("sweep-run.json")))
            .as(entry.toString()).isTrue();
      }
    }
    assertThat(planner("sweep", "--grid", gridFile.toString(), "--output", out.toString())).isZero();
    assertThat(console.stderr()).containsPattern("6/6 runs \\([1-5] done, 0 failed, [1-5] already complete\\)");
    Path resumed = dir.resolve("resumed");
    Path whole = dir.resolve("whole");
    assertThat(planner("compare", out.toString(), "--output", resumed.toString())).isZero();
    assertThat(planner("compare", swept.toString(), "--output", whole.toString())).isZero();
    for (Path file : relativeFiles(whole)) {
      assertThat(Files.readAllBytes(resumed.resolve(file))).as(file.toString()).isEqualTo(Files.readAllBytes(whole.resolve(file)));
    }
  }

  private static long completeRuns(Path runs) throws Exception {
    if (!Files.isDirectory(runs)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(runs)) {
      return entries.filter(p -> Files.isRegularFile(p.resolve("sweep-run.json"))).count();
    }
  }

  @Test
  void aRunGivenTwiceToCompareIsRefused(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("copy");
    copyTree(swept, copy);
    assertThat(planner("compare", swept.toString(), copy.toString(), "--output", dir.resolve("c").toString()))
        .isEqualTo(2);
    assertThat(console.stderr().strip()).contains("appears in more than one of the folders; give each run once")
        .doesNotContain("\n");
    assertThat(dir.resolve("c")).doesNotExist();
  }

  @Test
  void compareMergesSeedsIntoMeansWithIntervalsAndTheSameBytesEachTime(@TempDir Path dir) throws Exception {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    assertThat(planner("compare", swept.toString(), "--output", first.toString())).isZero();
    assertThat(console.stdout()).contains("6 runs, 1 parameter points")
        .containsPattern("(?m)^  least_queue +seeds +3 +p99 latency [0-9.]+ ± [0-9.]+ ms +tokens/s [0-9.]+ ± [0-9.]+$");
    Path copy = dir.resolve("copy-of-sweep");
    copyTree(swept, copy);
    assertThat(planner("compare", copy.toString(), "--output", second.toString())).isZero();
    for (String file : List.of("sweep-summary.csv", "sweep-summary.json", "sweep-differences.csv", "sweep-report.html")) {
      assertThat(Files.readAllBytes(second.resolve(file))).as(file).isEqualTo(Files.readAllBytes(first.resolve(file)));
    }

    // The mean and interval of least_queue's p99 latency, recomputed here from the run files.
    List<Double> p99 = new ArrayList<>();
    SweepGrid grid = SweepGrid.load(gridFile);
    for (SweepRun run : grid.runs()) {
      if (run.params().get("strategies").equals("least_queue")) {
        JsonNode result = JSON.readTree(swept.resolve("runs").resolve(run.id()).resolve("least_queue.json").toFile());
        p99.add(result.path("latency_ms").path("p99").asDouble());
      }
    }
    assertThat(p99).hasSize(3);
    double mean = p99.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double var = p99.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / 2;
    double half = 4.302653 * Math.sqrt(var) / Math.sqrt(3); // t(0.975, 2 df)
    String row = Files.readAllLines(first.resolve("sweep-summary.csv")).stream()
        .filter(l -> l.startsWith("least_queue,latency_ms.p99,")).findFirst().orElseThrow();
    String[] cells = row.split(",");
    assertThat(cells[2]).isEqualTo("3");
    assertThat(Double.parseDouble(cells[3])).isCloseTo(mean, org.assertj.core.data.Percentage.withPercentage(1e-6));
    assertThat(Double.parseDouble(cells[5])).isCloseTo(mean - half, org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, half)));
    assertThat(Double.parseDouble(cells[6])).isCloseTo(mean + half, org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, half)));

    List<String> differences = Files.readAllLines(first.resolve("sweep-differences.csv"));
    assertThat(differences.get(0)).isEqualTo("metric,strategy_a,strategy_b,mean_a,mean_b,welch_p,significant");
    assertThat(differences).hasSize(1 + 13); // one pair of strategies, every metric
    JsonNode summary = JSON.readTree(first.resolve("sweep-summary.json").toFile());
    assertThat(summary.path("points").get(0).path("strategies").path("least_queue").path("latency_ms.p99")
        .path("n").asInt()).isEqualTo(3);
    assertThat(summary.path("points").get(0).path("seeds").toString()).isEqualTo("[1,2,3]");
    assertThat(Files.readString(first.resolve("sweep-report.html"))).contains("not significant");
  }

  @Test
  void compareRefusesSimAndSweepFoldersTogether(@TempDir Path dir) throws Exception {
    Path sim = dir.resolve("sim");
    assertThat(planner("sim", "--config", SMALL.toString(), "--strategy", "random", "--output", sim.toString(),
        "--quiet")).isZero();
    assertThat(planner("compare", swept.toString(), sim.toString(), "--output", dir.resolve("c").toString()))
        .isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr()).contains("give either planner sweep folders (with sweep.json) or planner sim folders");
    assertThat(dir.resolve("c")).doesNotExist();
  }

  @Test
  void aFolderHoldingAnotherSweepOrOtherFilesIsRefused(@TempDir Path dir) throws Exception {
    Path other = dir.resolve("other.yaml");
    Files.writeString(other, tinyGrid("  seed: [1, 2]\n"));
    assertThat(planner("sweep", "--grid", other.toString(), "--output", swept.toString())).isEqualTo(2);
    assertThat(console.stderr().strip()).startsWith(swept + ": holds another sweep (grid ")
        .endsWith("choose another --output").doesNotContain("\n");
    Path busy = dir.resolve("busy");
    Files.createDirectories(busy);
    Files.writeString(busy.resolve("notes.txt"), "mine");
    assertThat(planner("sweep", "--grid", other.toString(), "--output", busy.toString())).isEqualTo(2);
    assertThat(console.stderr()).contains(busy + ": not empty and not a sweep folder");
    assertThat(Files.readString(busy.resolve("notes.txt"))).isEqualTo("mine");
  }

  @Test
  void traceOptionsAreAxesLikeConfigKeys(@TempDir Path dir) throws Exception {
    // The real Azure conversation trace, replayed at two rates: each run's resolved config says so.
    Path trace = Path.of("..", "..", "shared", "data", "traces", "azure-2023",
        "AzureLLMInferenceTrace_conv.csv").toAbsolutePath().normalize();
    Path grid = dir.resolve("grid.yaml");
    Files.writeString(grid, tinyGrid("  --trace: [" + trace + "]\n  --rate-scale: [1, 2]\n"
        + "  --time-window: [\"0:60\"]\n"));
    Path out = dir.resolve("out");
    assertThat(planner("sweep", "--grid", grid.toString(), "--output", out.toString(), "--quiet"))
        .as(console.stderr()).isZero();
    SweepGrid expanded = SweepGrid.load(grid);
    assertThat(expanded.runs()).hasSize(2);
    for (SweepRun run : expanded.runs()) {
      String config = Files.readString(out.resolve("runs").resolve(run.id()).resolve("config.yaml"));
      assertThat(config).contains(trace.toString(), "rate_scale: " + run.params().get("--rate-scale"));
    }
  }

  @Test
  void aRunThatFailsKeepsItsLogAndLeavesNoHalfWrittenFolder(@TempDir Path dir) throws Exception {
    // Each value is valid alone; warm-up 3 s in a 2 s run is not, and only that combination fails.
    Path grid = dir.resolve("grid.yaml");
    Files.writeString(grid, tinyGrid("  duration_s: [2, 4]\n  warmup_s: [1, 3]\n"));
    Path out = dir.resolve("out");
    assertThat(planner("sweep", "--grid", grid.toString(), "--output", out.toString(), "--quiet")).isEqualTo(1);
    SweepGrid expanded = SweepGrid.load(grid);
    SweepRun bad = expanded.runs().get(1);
    assertThat(bad.params()).isEqualTo(Map.of("duration_s", 2, "warmup_s", 3));
    assertThat(console.stderr()).contains("run 1 (" + bad.id() + ") failed; log: " + out.resolve("logs").resolve(bad.id() + ".log"))
        .contains("3 of 4 runs complete");
    assertThat(Files.readString(out.resolve("logs").resolve(bad.id() + ".log"))).contains("warmup_s");
    try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
      assertThat(runs.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactlyInAnyOrder(expanded.runs().get(0).id(), expanded.runs().get(2).id(), expanded.runs().get(3).id());
    }
  }

  @Test
  void slurmDryRunWritesAnArrayScriptThatBashAccepts(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    assertThat(planner("sweep", "--grid", gridFile.toString(), "--backend", "slurm", "--output", out.toString(),
        "--max-concurrent", "3", "--dry-run", "--sbatch-option", "--time=00:10:00")).isZero();
    String script = Files.readString(out.resolve("sweep.sbatch"));
    assertThat(script).startsWith("#!/bin/bash\n")
        .contains("#SBATCH --array=0-5%3\n", "#SBATCH --time=00:10:00\n",
            "#SBATCH --output=" + out.toAbsolutePath() + "/logs/slurm-%A_%a.out\n")
        .contains(" sweep-task --grid '" + gridFile.toAbsolutePath() + "' --index \"$SLURM_ARRAY_TASK_ID\" --output '"
            + out.toAbsolutePath() + "'\n");
    Process bash = new ProcessBuilder("bash", "-n", out.resolve("sweep.sbatch").toString()).redirectErrorStream(true).start();
    assertThat(bash.waitFor()).as(new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    assertThat(SlurmArray.arraySpec(List.of(0, 1, 2, 5, 7, 8))).isEqualTo("0-2,5,7-8");
  }

  @Test
  void withoutSbatchOrKubectlOnThePathOnlyADryRunWorks(@TempDir Path dir) throws Exception {
    for (String backend : List.of("slurm", "k8s")) {
      SweepCommand command = new SweepCommand();
      command.searchPath = dir.toString();
      assertThat(CliRunner.execute(command, "--grid", gridFile.toString(), "--backend", backend, "--output",
          dir.resolve(backend).toString())).isEqualTo(2);
    }
    assertThat(console.stderr()).contains(
        "sbatch: not found on PATH; run this where Slurm's client is installed (Debian: slurm-client), or add --dry-run",
        "kubectl: not found on PATH; install it, or add --dry-run to only write the Job manifest");
    assertThat(console.stderr().lines().count()).isEqualTo(2);
  }

  @Test
  void sweepTaskRunsOneIndexAndRefusesOneOutsideTheGrid(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    assertThat(planner("sweep-task", "--grid", gridFile.toString(), "--index", "6", "--output", out.toString()))
        .isEqualTo(2);
    assertThat(console.stderr()).contains("index 6 is outside the grid (0 to 5, 6 runs)");
    assertThat(planner("sweep-task", "--grid", gridFile.toString(), "--index", "5", "--output", out.toString()))
        .isZero();
    SweepRun run = SweepGrid.load(gridFile).runs().get(5);
    assertThat(Files.readAllBytes(out.resolve("runs").resolve(run.id()).resolve("power_of_two.json")))
        .isEqualTo(Files.readAllBytes(swept.resolve("runs").resolve(run.id()).resolve("power_of_two.json")));
    assertThat(planner("sweep-task", "--grid", gridFile.toString(), "--index", "5", "--output", out.toString()))
        .isZero();
    assertThat(console.stdout()).contains("run 5 already complete, skipped");
  }

  @Test
  @SuppressWarnings("unchecked")
  void k8sDryRunWritesAnIndexedJobWithTheGridInAConfigMap(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("k8s");
    assertThat(planner("sweep", "--grid", gridFile.toString(), "--backend", "k8s", "--output", out.toString(),
        "--max-concurrent", "4", "--image", "registry.example/fabric-planner:0.1.0", "--claim", "sweeps",
        "--dry-run")).isZero();
    List<Object> documents = new ArrayList<>();
    new Yaml(new LoaderOptions()).loadAll(Files.readString(out.resolve("job.yaml"))).forEach(documents::add);
    assertThat(documents).hasSize(2);
    Map<String, Object> configMap = (Map<String, Object>) documents.get(0);
    Map<String, Object> job = (Map<String, Object>) documents.get(1);
    SweepGrid grid = SweepGrid.load(gridFile);
    String name = "planner-sweep-" + grid.fingerprint();

    assertThat(configMap).containsEntry("apiVersion", "v1").containsEntry("kind", "ConfigMap");
    assertThat(((Map<String, Object>) configMap.get("metadata")).get("name")).isEqualTo(name + "-grid");
    String inlined = (String) ((Map<String, Object>) configMap.get("data")).get("grid.yaml");
    SweepGrid fromConfigMap = SweepGrid.parse(inlined, "grid.yaml", dir);
    assertThat(fromConfigMap.fingerprint()).isEqualTo(grid.fingerprint());
    assertThat(fromConfigMap.runs()).isEqualTo(grid.runs());

    assertThat(job).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "Job");
    assertThat(((Map<String, Object>) job.get("metadata")).get("name")).isEqualTo(name);
    Map<String, Object> spec = (Map<String, Object>) job.get("spec");
    assertThat(spec).containsEntry("completionMode", "Indexed").containsEntry("completions", 6)
        .containsEntry("parallelism", 4).containsEntry("backoffLimitPerIndex", 1)
        .containsEntry("maxFailedIndexes", 6);
    Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    assertThat(pod).containsEntry("restartPolicy", "Never");
    List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");
    assertThat(containers).hasSize(1);
    Map<String, Object> container = containers.get(0);
    assertThat(container).containsEntry("image", "registry.example/fabric-planner:0.1.0");
    assertThat((List<String>) container.get("args")).containsExactly("sweep-task", "--grid",
        "/etc/fabric-planner/grid.yaml", "--index", "$(JOB_COMPLETION_INDEX)", "--output", "/sweep");
    Map<String, Object> env = ((List<Map<String, Object>>) container.get("env")).get(0);
    assertThat(env).containsEntry("name", "JOB_COMPLETION_INDEX");
    assertThat(env.get("valueFrom").toString())
        .isEqualTo("{fieldRef={fieldPath=metadata.annotations['batch.kubernetes.io/job-completion-index']}}");
    List<Map<String, Object>> mounts = (List<Map<String, Object>>) container.get("volumeMounts");
    List<Map<String, Object>> volumes = (List<Map<String, Object>>) pod.get("volumes");
    assertThat(mounts).extracting(m -> m.get("name")).containsExactly("grid", "output");
    assertThat(mounts).extracting(m -> m.get("mountPath")).containsExactly("/etc/fabric-planner", "/sweep");
    assertThat(volumes).extracting(v -> v.get("name")).containsExactly("grid", "output");
    assertThat(volumes.get(0).get("configMap").toString()).isEqualTo("{name=" + name + "-grid}");
    assertThat(volumes.get(1).get("persistentVolumeClaim").toString()).isEqualTo("{claimName=sweeps}");
    assertThat(console.stderr()).contains("apply with: kubectl apply -f " + out.resolve("job.yaml"));
  }

  static List<Path> relativeFiles(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static void deleteTree(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
