package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code planner calibrate} on the real calibration runs in ../shared/data. */
class CalibrateCommandTest {
  private static final Path EXPERIMENTS =
      Path.of("..", "..", "shared", "data", "vllm-calibration", "experiments.json");
  private static final String HELD = "20260217-202857-llama-2-70b-tp4-general";

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @Test
  void holdoutLeavesTheExperimentOutOfTheFitAndPredictsIt(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("coefficients.json");
    int exit = CliRunner.execute(new PlannerCli(), "calibrate", "--experiments",
        EXPERIMENTS.toString(), "--holdout", HELD, "--output", output.toString());
    assertThat(exit).as(console.stderr()).isZero();
    assertThat(console.stdout()).contains("split: holdout", "held out 1",
        "median absolute % error, held-out");
    assertThat(console.stderr()).contains("skipped 20260218-135247-mixtral-8x7b-v0-1-tp2-reasoning:"
        + " overloaded", "coefficients written to " + output);
    String json = Files.readString(output);
    assertThat(json).contains("\"schema_version\" : 1", "\"held_out\" : [\n    \"" + HELD + "\"\n  ]",
        "\"per_context_token_ms\"", "\"stage\" : \"" + HELD + "#0\"");
    String fittedOn = json.substring(json.indexOf("\"fitted_on\""), json.indexOf("\"held_out\""));
    assertThat(fittedOn).doesNotContain(HELD).contains("20260217-231439-llama-2-7b-tp1-general");
    // Its class (Llama-2-70B TP4) had no other run: only the roofline predicts it.
    assertThat(json).doesNotContain("\"model\" : \"meta-llama/Llama-2-70b-hf\",\n      \"gpu\"");
  }

  @Test
  void sameRunsSameBytes(@TempDir Path dir) throws Exception {
    Path first = dir.resolve("a.json");
    Path second = dir.resolve("b.json");
    assertThat(CliRunner.execute(new PlannerCli(), "calibrate", "--experiments",
        EXPERIMENTS.toString(), "--output", first.toString())).isZero();
    assertThat(CliRunner.execute(new PlannerCli(), "calibrate", "--experiments",
        EXPERIMENTS.toString(), "--output", second.toString())).isZero();
    assertThat(Files.readString(second)).isEqualTo(Files.readString(first));
  }

  @Test
  void anUnknownHoldoutIdIsOneLineNamingTheKnownOnes(@TempDir Path dir) {
    Path output = dir.resolve("c.json");
    int exit = CliRunner.execute(new PlannerCli(), "calibrate", "--experiments",
        EXPERIMENTS.toString(), "--holdout", "no-such-run", "--output", output.toString());
    assertThat(exit).isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr().lines().toList()).hasSize(1);
    assertThat(console.stderr()).startsWith("--holdout: unknown experiment \"no-such-run\"; known: "
        + "20260217-155451-llama-2-7b-tp1-codegen, ");
    assertThat(output).doesNotExist();
  }

  @Test
  void bothSplitsAtOnceIsAnError(@TempDir Path dir) {
    int exit = CliRunner.execute(new PlannerCli(), "calibrate", "--experiments",
        EXPERIMENTS.toString(), "--holdout", HELD, "--leave-one-model-out", "--output",
        dir.resolve("d.json").toString());
    assertThat(exit).isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr()).isEqualTo(
        "--holdout and --leave-one-model-out: wanted one way to split, got both\n");
  }

  @Test
  void anExperimentWithAnUnknownModelNamesTheKnownOnes(@TempDir Path dir) throws Exception {
    Path experiments = dir.resolve("experiments.json");
    Files.writeString(experiments, Files.readString(EXPERIMENTS)
        .replace("\"model\": \"01-ai/Yi-34B\"", "\"model\": \"acme/Nonesuch-9B\""));
    Path output = dir.resolve("e.json");
    Files.writeString(output, "kept");
    int exit = CliRunner.execute(new PlannerCli(), "calibrate", "--experiments",
        experiments.toString(), "--output", output.toString());
    assertThat(exit).isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr()).startsWith("unknown model \"acme/Nonesuch-9B\"; known: ")
        .contains("config.json");
    assertThat(Files.readString(output)).isEqualTo("kept");
  }

  @Test
  void aStageMissingItsTpotNamesTheField(@TempDir Path dir) throws Exception {
    Path experiments = dir.resolve("experiments.json");
    String text = Files.readString(EXPERIMENTS);
    int first = text.indexOf("\"tpot_mean_ms\"");
    Files.writeString(experiments, text.substring(0, first) + "\"tpot_mean_msX\""
        + text.substring(first + "\"tpot_mean_ms\"".length()));
    int exit = CliRunner.execute(new PlannerCli(), "calibrate", "--experiments",
        experiments.toString(), "--output", dir.resolve("f.json").toString());
    assertThat(exit).isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr()).isEqualTo(
        experiments + ": /experiments/0/stages/0/tpot_mean_ms: missing; a value is required\n");
  }
}
