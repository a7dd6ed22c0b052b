package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code planner fidelity} on all 21 real calibration runs in ../shared/data. */
class FidelityCommandTest {
  private static final Path DATA = Path.of("..", "..", "shared", "data", "vllm-calibration");

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @Test
  void everyExperimentIsSimulatedOrSkippedWithItsReason(@TempDir Path dir) throws Exception {
    int exit = CliRunner.execute(new PlannerCli(), "fidelity", "--experiments",
        DATA.resolve("experiments.json").toString(), "--traces", DATA.resolve("traces").toString(),
        "--output", dir.toString());
    assertThat(exit).as(console.stderr()).isZero();
    String json = Files.readString(dir.resolve("fidelity.json"));
    assertThat(json).contains("\"median_ape_pct\"", "\"median_ape_pct_held_out\"", "\"split\"");
    // 21 experiments, each one line of the table; the lite runs say what was not recorded.
    assertThat(console.stdout().lines().filter(l -> l.matches("^[0-9].*"))).hasSize(21);
    assertThat(console.stdout()).contains("median APE", "(stage 0 only)");
    assertThat(Files.readString(dir.resolve("fidelity.csv")))
        .startsWith("experiment,status,role,scope,metric,predicted,measured,ape_pct,reason\n")
        .contains("stage 1: duration not recorded, simulated 600 s of steady state")
        .contains(",percentiles,ttft_p90_ms,");
    assertThat(console.stderr()).contains("[21] ", "fidelity.json and fidelity.csv written to")
        .containsPattern("21 experiments in [0-9.]+ s wall, [0-9.]+ s CPU, on [0-9]+ cores");
  }

  @Test
  void aMissingExperimentsFileIsOneLineAndWritesNothing(@TempDir Path dir) {
    int exit = CliRunner.execute(new PlannerCli(), "fidelity", "--experiments",
        dir.resolve("none.json").toString(), "--output", dir.resolve("out").toString());
    assertThat(exit).isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr().lines().toList()).hasSize(1);
    assertThat(console.stderr()).contains("--experiments", "no such file");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void anExperimentsFileWithoutExperimentsIsOneLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("empty.json");
    Files.writeString(file, "{\"experiments\": []}");
    int exit = CliRunner.execute(new PlannerCli(), "fidelity", "--experiments", file.toString(),
        "--output", dir.resolve("out").toString());
    assertThat(exit).isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr().strip()).isEqualTo(
        file + ": experiments: wanted a non-empty array of measured runs");
  }
}
