package dev.fabricplanner.sim.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * The shipped per-model linear fits were made on prompts of a few hundred to two thousand tokens; a
 * long prompt must still cost what its FLOPs say, not what a quadratic term fitted on short prompts
 * extrapolates to (Llama-2-7B's once made a 2,048-token chunk at 15k context take a second).
 */
class ShippedLinearModelsTest {
  private final CoefficientsFile.Fitted shipped = CoefficientsFile.builtIn();
  private final ModelCatalog models = ModelCatalog.builtIn();
  private final GpuSpecs gpus = GpuSpecs.builtIn();

  @Test
  void aLongPromptChunkCostsWithinTwiceTheRooflineOfEveryFittedClass()
      throws InvalidInputException {
    int checked = 0;
    for (CoefficientsFile.LinearEntry entry : shipped.linear()) {
      ModelSpec model = models.find(entry.model());
      GpuSpec gpu = gpus.find(entry.gpu());
      LinearStepModel linear = shipped.linearFor(model, gpu, entry.tp()).orElseThrow();
      RooflineModel roofline = new RooflineModel(model, gpu, entry.tp(), shipped.efficiencies());
      // One chunk of a 16k-token prompt, late in its prefill, beside 8 decodes.
      StepBatch batch = new StepBatch();
      batch.addPrefillChunk(2048, 14_000);
      for (int i = 0; i < 8; i++) {
        batch.addDecode(4_000);
      }
      double ratio = linear.stepMs(batch) / roofline.stepMs(batch);
      System.out.printf("[linear vs roofline] %s tp%d: %.0f vs %.0f ms (%.2fx)%n", entry.model(),
          entry.tp(), linear.stepMs(batch), roofline.stepMs(batch), ratio);
      assertThat(ratio).as(entry.model() + " tp" + entry.tp()).isBetween(0.5, 2.0);
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(8);
  }
}
