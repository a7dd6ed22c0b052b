package dev.fabricplanner.sim.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibration on the real runs in shared/data/vllm-calibration. */
class CalibrationTest {
  private static StageObservations.Collected collected;

  @BeforeAll
  static void read() throws InvalidInputException {
    collected = StageObservations.collect(MeasuredExperiments.read(CalibrationData.experiments()),
        ModelCatalog.builtIn(), GpuSpecs.builtIn());
  }

  @Test
  void everyStageIsUsedOrSkippedWithAReason() throws InvalidInputException {
    int stages = 0;
    for (MeasuredExperiment run : MeasuredExperiments.read(CalibrationData.experiments())) {
      stages += run.stages().size();
    }
    long overloadedStages = 4; // the four overloaded runs have one stage each
    int skippedRuns = 4;
    assertThat(collected.observations().size() + collected.skipped().size() - skippedRuns
        + overloadedStages).isEqualTo(stages);
    assertThat(collected.observations()).hasSize(24);
    assertThat(collected.skipped()).filteredOn(s -> s.contains("overloaded")).hasSize(4);
    assertThat(collected.skipped()).filteredOn(s -> s.contains("rate was not recorded")).hasSize(4);
  }

  @Test
  void littlesLawAndThePrefixCacheShapeTheObservation() {
    StageObservation stage = collected.observations().get(0); // Llama-2-7B codegen at 5 rps
    assertThat(stage.label()).isEqualTo("20260217-155451-llama-2-7b-tp1-codegen#0");
    assertThat(stage.measuredDecodeSequences()).isCloseTo(5 * (1810.32 - 25.04) / 1000, within(0.01));
    assertThat(stage.outputTokens()).isCloseTo(193.7, within(0.1)); // the measured mean output
    // 44 recurring prompts fit the cache: only the last partial block is computed.
    assertThat(stage.uncachedTokens()).isEqualTo(8.5);
  }

  @Test
  void leaveOneModelOutStaysWithinTheErrorItWasAccepted() {
    Calibration.Result result =
        Calibration.run(collected, Calibration.Split.LEAVE_ONE_MODEL_OUT, Set.of());
    Calibration.Medians roofline = result.medians("roofline");
    Calibration.Medians linear = result.medians("linear");
    assertThat(roofline.stages()).isEqualTo(24);
    assertThat(linear.stages()).isEqualTo(16);
    // Regression guards at the figures docs/FIDELITY.md reports (roofline 10.2 % TPOT, 15.7 %
    // TTFT; linear 3.8 % TPOT, 20.4 % TTFT), with room for floating-point drift only: a change
    // that makes the fit worse must say so there.
    assertThat(roofline.tpotPct()).isLessThan(10.7);
    assertThat(roofline.ttftPct()).isLessThan(16.5);
    assertThat(linear.tpotPct()).isLessThan(4.0);
    assertThat(linear.ttftPct()).isLessThan(20.8);
    for (Calibration.Prediction p : result.predictions()) {
      assertThat(p.fittedWithout()).as(p.stage().label())
          .isIn("model " + p.stage().model().name(), "experiment " + p.stage().experimentId());
    }
  }

  @Test
  void holdoutKeepsTheHeldRunsOutOfEveryFit() {
    String held = "63-mistral-nemo-12b-tp1-codegen-1-1";
    Calibration.Result result = Calibration.run(collected, Calibration.Split.HOLDOUT, Set.of(held));
    assertThat(result.fittedOn()).doesNotContain(held).hasSize(16);
    assertThat(result.heldOut()).containsExactly(held);
    assertThat(result.predictions()).allSatisfy(
        p -> assertThat(p.stage().experimentId()).isEqualTo(held));
    // Nemo TP1 had only this run, so no linear coefficients exist for it.
    assertThat(result.classes()).noneSatisfy(c -> {
      assertThat(c.model()).isEqualTo("mistralai/Mistral-Nemo-Instruct-2407");
      assertThat(c.tp()).isEqualTo(1);
    });
  }

  @Test
  void theCoefficientsFileRoundTripsAndPicksLinearWhereFitted(@TempDir Path dir) throws Exception {
    Calibration.Result result = Calibration.run(collected, Calibration.Split.NONE, Set.of());
    Path file = dir.resolve("coefficients.json");
    CoefficientsFile.write(file, result, "test", "experiments.json");
    CoefficientsFile.Fitted fitted = CoefficientsFile.read(file);
    assertThat(fitted.efficiencies()).isEqualTo(result.efficiencies());
    assertThat(fitted.firstToken()).isEqualTo(result.firstToken());
    assertThat(fitted.linear()).hasSize(result.classes().size());
    ModelSpec llama = ModelCatalog.builtIn().find("llama-2-7b");
    GpuSpec h100 = GpuSpecs.builtIn().find("H100");
    assertThat(fitted.executionModel(llama, h100, 1)).isInstanceOf(LinearStepModel.class);
    assertThat(fitted.executionModel(llama, h100, 1).describe()).contains(file.toString());
    // A GPU the runs never used is priced by the roofline with the fitted efficiencies.
    ExecutionModel onA100 = fitted.executionModel(llama, GpuSpecs.builtIn().find("A100"), 1);
    assertThat(onA100).isInstanceOf(RooflineModel.class);
    assertThat(((RooflineModel) onA100).efficiencies()).isEqualTo(result.efficiencies());
  }

  /**
   * The shipped coefficients are a fit of these runs by this code: refit and compare, so a change to
   * the models cannot leave a stale file behind (regenerate with planner calibrate, no split, into
   * simulator/src/main/resources/dev/fabricplanner/sim/exec/calibrated.json).
   */
  @Test
  void theShippedCoefficientsAreAFreshFitOfTheCalibrationRuns() {
    Calibration.Result fresh = Calibration.run(collected, Calibration.Split.NONE, Set.of());
    CoefficientsFile.Fitted shipped = CoefficientsFile.builtIn();
    assertThat(shipped.efficiencies()).isEqualTo(fresh.efficiencies());
    assertThat(shipped.firstToken()).isEqualTo(fresh.firstToken());
    assertThat(shipped.linear()).extracting(CoefficientsFile.LinearEntry::coefficients)
        .containsExactlyElementsOf(
            fresh.classes().stream().map(Calibration.ClassFit::coefficients).toList());
  }

  @Test
  void aCoefficientsFileOfAnotherVersionIsRefused(@TempDir Path dir) throws Exception {
    Calibration.Result result = Calibration.run(collected, Calibration.Split.NONE, Set.of());
    Path file = dir.resolve("coefficients.json");
    CoefficientsFile.write(file, result, "test", "experiments.json");
    Files.writeString(file, Files.readString(file).replace("\"schema_version\" : 1",
        "\"schema_version\" : 2"));
    InvalidInputException error = org.assertj.core.api.Assertions.catchThrowableOfType(
        InvalidInputException.class, () -> CoefficientsFile.read(file));
    assertThat(error.problems()).containsExactly(file
        + ": /schema_version: wanted 1 (this build's format), got 2; rerun planner calibrate");
  }

  @Test
  void theLinearModelIsLinearInItsTerms() {
    LinearStepModel model = new LinearStepModel(
        new LinearStepModel.Coefficients(5, 0.01, 0.02, 0.0001, 1e-6), "hand-set");
    StepBatch batch = new StepBatch();
    assertThat(model.stepMs(batch)).isZero();
    batch.addPrefillChunk(100, 0);
    batch.addDecode(1000);
    // 5 + 0.01·100 + 0.02·1 + 0.0001·1000 + 1e-6·(100·50)
    assertThat(model.stepMs(batch)).isCloseTo(5 + 1 + 0.02 + 0.1 + 0.005, within(1e-9));
    assertThat(List.of(model.describe())).allSatisfy(d -> assertThat(d).contains("hand-set"));
  }
}
