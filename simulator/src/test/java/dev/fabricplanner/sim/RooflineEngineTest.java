package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.exec.CoefficientsFile;
import dev.fabricplanner.sim.exec.ExecutionModel;
import dev.fabricplanner.sim.exec.GpuSpecs;
import dev.fabricplanner.sim.exec.ModelCatalog;
import dev.fabricplanner.sim.exec.ModelSpec;
import dev.fabricplanner.sim.exec.RooflineEfficiencies;
import dev.fabricplanner.sim.exec.RooflineModel;
import dev.fabricplanner.sim.exec.StepBatch;
import dev.fabricplanner.sim.result.SimulationResult;
import org.junit.jupiter.api.Test;

/**
 * {@code topology.engine.model} runs the catalog model's roofline on the profile's GPU: a lone request
 * takes exactly the roofline's prefill step, then its decode steps with growing context.
 */
class RooflineEngineTest {
  static final String CONFIG =
      """
      duration_s: 20000
      workload:
        arrival: { type: poisson, rps: 0.01 }
        llm:
          in_tokens: { dist: constant, value: 1000 }
          out_tokens: { dist: constant, value: 101 }
      topology:
        cells: 1
        nodes_per_cell: 1
        gpu_profiles:
          - name: H100-SXM-80GB
        engine: { model: %s, tp: 1 }
      network:
        intra_cell_rtt_ms: { dist: constant, value: 0 }
        inter_cell_coords: { dim: 3, base_rtt_ms: 0, noise: 0 }
        bw_mbps: { intra_cell: 50000, inter_region: 5000 }
      signals:
        queue_depth_ms: { min: 0, max: 0 }
        vram_ms: { min: 0, max: 0 }
        transport_ms: { intra_cell: [0, 0] }
      strategies: [random]
      """;

  @Test
  void aLoneRequestTakesTheRooflinesPrefillStepThenItsDecodeSteps() throws Exception {
    String yaml =
        CONFIG.formatted("Llama-3.1-8B-Instruct")
            .replace("tp: 1 }", "tp: 1, execution_model: roofline }");
    SimulationConfig config = ConfigLoader.parse(yaml, "x.yaml");
    SimulationResult result = TestConfigs.run(config, "random");
    ModelSpec model = ModelCatalog.builtIn().find("Llama-3.1-8B-Instruct");
    RooflineModel roofline =
        new RooflineModel(model, GpuSpecs.builtIn().find("H100"), 1, RooflineEfficiencies.DEFAULTS);
    StepBatch batch = new StepBatch();
    batch.addPrefillChunk(1000, 0);
    double ttft = roofline.stepMs(batch);
    double decode = 0;
    for (int i = 0; i < 100; i++) {
      batch.clear();
      batch.addDecode(1001 + i);
      decode += roofline.stepMs(batch);
    }
    assertThat(result.requests().completed()).isGreaterThan(150);
    assertThat(result.ttftMs().get("all").p50()).isCloseTo(ttft, within(ttft * 0.002));
    assertThat(result.latencyMs().get("all").p50()).isCloseTo(ttft + decode, within((ttft + decode) * 0.002));
    assertThat(result.serving().tpotMs().get("all").p50()).isCloseTo(decode / 100, within(decode / 100 * 0.002));
    assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
  }

  @Test
  void byDefaultAModelRunsTheShippedCalibration() throws Exception {
    String yaml = CONFIG.formatted("Llama-3.1-8B-Instruct");
    SimulationResult result = TestConfigs.run(ConfigLoader.parse(yaml, "x.yaml"), "random");
    ModelSpec model = ModelCatalog.builtIn().find("Llama-3.1-8B-Instruct");
    CoefficientsFile.Fitted fitted = CoefficientsFile.builtIn();
    ExecutionModel calibrated = fitted.executionModel(model, GpuSpecs.builtIn().find("H100"), 1);
    StepBatch batch = new StepBatch();
    batch.addPrefillChunk(1000, 0);
    double prefill = calibrated.stepMs(batch);
    // The client sees the token after the calibration's front end and output delay: the fitted
    // first-token steps beyond the 1.5 the engine simulates, priced at the step that computed it.
    double ttft = prefill + fitted.firstToken().fixedMs()
        + Math.max(0, fitted.firstToken().steps() - 1.5) * prefill;
    assertThat(ttft).isGreaterThan(prefill + 1);
    assertThat(result.ttftMs().get("all").p50()).isCloseTo(ttft, within(ttft * 0.002));
    assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
  }

  @Test
  void aCoefficientsFileThatCannotBeReadIsOneLineNamingTheKey() {
    String yaml =
        CONFIG.formatted("Llama-3.1-8B-Instruct")
            .replace("tp: 1 }", "tp: 1, coefficients: /no/such/coefficients.json }");
    InvalidInputException error =
        catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.parse(yaml, "x.yaml"));
    assertThat(error.problems()).hasSize(1);
    assertThat(error.problems().get(0))
        .startsWith("x.yaml:")
        .contains("topology.engine.coefficients", "/no/such/coefficients.json");
  }

  @Test
  void anUnknownModelIsOneLineNamingTheKey() {
    InvalidInputException error =
        catchThrowableOfType(
            InvalidInputException.class,
            () -> ConfigLoader.parse(CONFIG.formatted("Llama-9-Mega"), "x.yaml"));
    assertThat(error.problems()).hasSize(1);
    assertThat(error.problems().get(0))
        .startsWith("x.yaml:")
        .contains("topology.engine.model: unknown model \"Llama-9-Mega\"");
  }
}
