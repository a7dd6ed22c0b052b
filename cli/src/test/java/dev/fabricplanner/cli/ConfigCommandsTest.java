package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code planner validate} and {@code planner generate} through the real command line. */
class ConfigCommandsTest {
  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  private int planner(String... args) {
    return CliRunner.execute(new PlannerCli(), args);
  }

  private String stdout() {
    return console.stdout();
  }

  private String stderr() {
    return console.stderr();
  }

  @Test
  void validateAcceptsTheBundledSmallExample() {
    Path small = Path.of("..", "examples", "small.yaml");

    assertThat(planner("validate", "--config", small.toString())).isZero();
    assertThat(stdout())
        .isEqualTo(
            "valid: "
                + small
                + " (64 nodes in 4 cells, 2 GPU profiles, 60 s simulated, 3 strategies)\n");
    assertThat(stderr()).isEmpty();
  }

  @Test
  void aSweepGridWhereAConfigIsWantedIsNamedAsOne() {
    Path grid = Path.of("..", "examples", "sweep.yaml");

    assertThat(planner("validate", "--config", grid.toString())).isEqualTo(2);
    assertThat(stdout()).isEmpty();
    assertThat(stderr()).isEqualTo(grid + ": a sweep grid (base, set, axes), not a simulation config;"
        + " run it with planner sweep --grid " + grid + " (--list shows its runs)\n");
  }

  @Test
  void validateAcceptsAnUnchangedMeshSimConfig() {
    Path meshSim = Path.of("..", "examples", "infermesh", "large.yaml");

    assertThat(planner("validate", "--config", meshSim.toString())).isZero();
    assertThat(stdout()).startsWith("valid: " + meshSim + " (131,072 nodes in 128 cells,");
  }

  @Test
  void validatePrintsOneLinePerProblemAndExitsTwo(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        duration_s: 0
        workload: { arrival: { type: poisson, rps: 5 } }
        topology: { cells: 1, nodes_per_cell: 1, gpu_profile: [] }
        """);

    assertThat(planner("validate", "--config", bad.toString())).isEqualTo(2);
    assertThat(stdout()).isEmpty();
    assertThat(stderr())
        .isEqualTo(
            bad
                + ":1:13: duration_s: must be a number > 0, got \"0\"\n"
                + bad
                + ":3:11: topology.gpu_profiles: required, a list of at least one GPU profile;"
                + " it is missing\n"
                + bad
                + ":3:42: topology.gpu_profile: unknown key; did you mean \"gpu_profiles\"?\n");
  }

  @Test
  void validateOfAMissingFileIsOneLine(@TempDir Path dir) {
    Path missing = dir.resolve("missing.yaml");

    assertThat(planner("validate", "--config", missing.toString())).isEqualTo(2);
    assertThat(stderr()).isEqualTo(missing + ": cannot read the config: no such file\n");
  }

  @Test
  void generateWritesTheBundledExampleAndReplacesAnOldFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("medium.yaml");
    Files.writeString(file, "stale\n");

    assertThat(planner("generate", "--example-type", "medium", "--output", file.toString()))
        .isZero();
    assertThat(Files.readString(file))
        .isEqualTo(Files.readString(Path.of("..", "examples", "medium.yaml")));
    assertThat(stdout()).isEqualTo("wrote " + file + " (medium example)\n");
    assertThat(planner("validate", "--config", file.toString())).isZero();
  }

  @Test
  void generateRejectsAnUnknownTypeWithAHintAndWritesNothing(@TempDir Path dir) {
    Path file = dir.resolve("x.yaml");

    assertThat(planner("generate", "--example-type", "smal", "--output", file.toString()))
        .isEqualTo(2);
    assertThat(stderr())
        .isEqualTo("--example-type: unknown example type \"smal\"; did you mean \"small\"?\n");
    assertThat(file).doesNotExist();
  }

  @Test
  void generateIntoAnUnwritablePlaceIsOneLine(@TempDir Path dir) throws Exception {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "not a directory\n");
    Path file = blocker.resolve("x.yaml");

    assertThat(planner("generate", "--output", file.toString())).isEqualTo(2);
    assertThat(stderr()).startsWith(file + ": cannot write the example: ").doesNotContain("\tat ");
    assertThat(stderr().lines()).hasSize(1);
  }

  @Test
  void validateBuildsEachStrategyAndNamesAMisspeltParameter(@TempDir Path dir) throws Exception {
    String small = Files.readString(Path.of("..", "examples", "small.yaml"));
    Path config = dir.resolve("params.yaml");
    Files.writeString(config, small.replace("power_of_two: { d: 2 }", "power_of_two: { d: 2, dd: 3 }"));

    assertThat(planner("validate", "--config", config.toString()))
        .isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr()).isEqualTo("strategy_params.power_of_two.dd: unknown parameter; known: d\n")
        .doesNotContain("Exception");
    assertThat(console.stdout()).isEmpty();
  }
}
