package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fabricplanner.sim.sweep.SweepGrid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep through the real {@code sbatch} on a running Slurm cluster ({@code .ci/slurm-up} starts a
 * single-node one; {@code .ci/run} does so in CI). Under CI=true a missing Slurm is a failure; elsewhere
 * the tests are skipped with the reason printed.
 */
class SlurmSweepTest {
  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @BeforeEach
  void needSlurm() throws Exception {
    String why = SweepCommand.onPath("sbatch", System.getenv("PATH")).isEmpty()
        ? "sbatch is not on PATH"
        : clusterAnswers() ? null : "no Slurm node is up (sinfo lists none idle, mixed or allocated)";
    if (why == null) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true but " + why + "; .ci/run starts a single-node Slurm with .ci/slurm-up");
    }
    System.err.println("SlurmSweepTest skipped: " + why + " (start one with .ci/slurm-up)");
    Assumptions.abort(why);
  }

  private static boolean clusterAnswers() throws Exception {
    Process sinfo = new ProcessBuilder("sinfo", "-h", "-o", "%T").redirectErrorStream(true).start();
    String states = new String(sinfo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return sinfo.waitFor(30, TimeUnit.SECONDS) && sinfo.exitValue() == 0
        && states.lines().anyMatch(s -> s.matches("(idle|mixed|allocated).*"));
  }

  private int planner(String... args) {
    return CliRunner.execute(new PlannerCli(), args);
  }

  @Test
  void anArrayOfEightTasksMergesToTheSameBytesAsTheLocalBackend(@TempDir Path dir) throws Exception {
    Path grid = dir.resolve("grid.yaml");
    Files.writeString(grid, SweepCommandTest.tinyGrid("  strategies: [least_queue, power_of_two]\n  seed: [1, 2, 3, 4]\n"));
    Path slurm = dir.resolve("slurm");
    Path local = dir.resolve("local");
    assertThat(planner("sweep", "--grid", grid.toString(), "--backend", "slurm", "--output", slurm.toString(),
        "--max-concurrent", "2", "--wait")).as(console.stderr()).isZero();
    assertThat(console.stderr()).contains("array 0-7%2 (8 tasks)").contains("all 8 tasks complete");
    assertThat(planner("sweep", "--grid", grid.toString(), "--output", local.toString(), "--quiet")).isZero();

    for (SweepRunFiles run : SweepRunFiles.of(SweepGrid.load(grid), local)) {
      for (Path file : run.files()) {
        assertThat(Files.readAllBytes(slurm.resolve(run.relative(file))))
            .as(run.relative(file).toString()).isEqualTo(Files.readAllBytes(file));
      }
    }
    Path slurmMerge = dir.resolve("merged-slurm");
    Path localMerge = dir.resolve("merged-local");
    assertThat(planner("compare", slurm.toString(), "--output", slurmMerge.toString())).isZero();
    assertThat(planner("compare", local.toString(), "--output", localMerge.toString())).isZero();
    assertThat(SweepCommandTest.relativeFiles(slurmMerge)).hasSize(4);
    for (Path file : SweepCommandTest.relativeFiles(localMerge)) {
      assertThat(Files.readAllBytes(slurmMerge.resolve(file))).as(file.toString())
          .isEqualTo(Files.readAllBytes(localMerge.resolve(file)));
    }
  }

  @Test
  void aFailedTaskIsReportedWithItsLogAndOnlyItIsResubmitted(@TempDir Path dir) throws Exception {
    Path grid = dir.resolve("grid.yaml");
    Files.writeString(grid, SweepCommandTest.tinyGrid("  duration_s: [2, 4]\n  warmup_s: [1, 3]\n"));
    Path out = dir.resolve("out");
    assertThat(planner("sweep", "--grid", grid.toString(), "--backend", "slurm", "--output", out.toString(),
        "--max-concurrent", "2", "--wait")).isEqualTo(1);
    String id = SweepGrid.load(grid).runs().get(1).id();
    String line = console.stderr().lines().filter(l -> l.startsWith("index 1 (" + id + ") failed; log: "))
        .findFirst().orElseThrow(() -> new AssertionError(console.stderr()));
    Path log = Path.of(line.substring(line.indexOf("log: ") + 5));
    assertThat(Files.readString(log)).contains("sweep-task: run 1 FAILED", "warmup_s");
    assertThat(console.stderr()).contains("1 of 4 tasks failed; resubmit them with --resubmit-failed");

    assertThat(planner("sweep", "--grid", grid.toString(), "--backend", "slurm", "--output", out.toString(),
        "--resubmit-failed", "--dry-run")).isZero();
    assertThat(Files.readString(out.resolve("sweep.sbatch"))).contains("#SBATCH --array=1%8\n");
    assertThat(List.of(Files.readString(out.resolve("sweep.sbatch")).split("\n"))).filteredOn(l -> l.contains("sweep-task"))
        .hasSize(1);
  }
}
