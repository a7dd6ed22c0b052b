package dev.fabricplanner.sim.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class RooflineModelTest {
  private final ModelCatalog models = ModelCatalog.builtIn();
  private final GpuSpecs gpus = GpuSpecs.builtIn();

  private RooflineModel roofline(String model, String gpu, int tp) throws InvalidInputException {
    return new RooflineModel(models.find(model), gpus.find(gpu), tp, RooflineEfficiencies.DEFAULTS);
  }

  private static StepBatch batch(int prefillChunk, long prior, int decodes, long context) {
    StepBatch batch = new StepBatch();
    if (prefillChunk > 0) {
      batch.addPrefillChunk(prefillChunk, prior);
    }
    for (int i = 0; i < decodes; i++) {
      batch.addDecode(context);
    }
    return batch;
  }

  @Test
  void growsWithEveryTermOfTheBatch() throws InvalidInputException {
    for (String model : new String[] {"llama-2-7b", "mixtral-8x7b", "deepseek-v3"}) {
      RooflineModel roofline = roofline(model, "H200", model.equals("deepseek-v3") ? 8 : 2);
      double base = roofline.stepMs(batch(512, 0, 16, 1000));
      assertThat(roofline.stepMs(batch(2048, 0, 16, 1000))).as(model).isGreaterThan(base);
      assertThat(roofline.stepMs(batch(512, 4000, 16, 1000))).as(model).isGreaterThan(base);
      assertThat(roofline.stepMs(batch(512, 0, 64, 1000))).as(model).isGreaterThan(base);
      assertThat(roofline.stepMs(batch(512, 0, 16, 8000))).as(model).isGreaterThan(base);
    }
  }

  @Test
  void anEmptyBatchTakesNoTime() throws InvalidInputException {
    assertThat(roofline("llama-2-7b", "H100", 1).stepMs(new StepBatch())).isZero();
  }

  @Test
  void decodeAtBatchOneIsCloseToTheWeightReadFloor() throws InvalidInputException {
    for (String gpu : new String[] {"H100", "A100", "L40S", "H200", "B200"}) {
      RooflineModel roofline = roofline("llama-3.1-8b", gpu, 1);
      double step = roofline.stepMs(batch(0, 0, 1, 512));
      // Above the floor by the memory efficiency (1 / 0.75) and the fixed overheads, no more.
      assertThat(step).as(gpu).isGreaterThan(roofline.weightReadFloorMs())
          .isLessThan(roofline.weightReadFloorMs() / 0.75 + 2.0);
    }
    // gpu-serving-profiles.md §3d: Llama-3.1-8B on H100 reads its weights in 4.79 ms.
    assertThat(roofline("llama-3.1-8b", "H100", 1).weightReadFloorMs()).isBetween(4.7, 4.9);
  }

  @Test
  void tensorParallelismSplitsTheWork() throws InvalidInputException {
    StepBatch decode = batch(0, 0, 32, 1500);
    StepBatch prefill = batch(2048, 0, 0, 0);
    for (StepBatch step : new StepBatch[] {decode, prefill}) {
      double tp1 = roofline("llama-2-70b", "H100", 2).stepMs(step);
      double tp4 = roofline("llama-2-70b", "H100", 4).stepMs(step);
      double tp8 = roofline("llama-2-70b", "H100", 8).stepMs(step);
      assertThat(tp4).isLessThan(tp1 * 0.75);
      assertThat(tp8).isLessThan(tp4);
    }
  }

  @Test
  void aMoeModelReadsOnlyTheExpertsItsTokensTouch() throws InvalidInputException {
    RooflineModel mixtral = roofline("mixtral-8x7b", "H100", 2);
    ModelSpec spec = mixtral.model();
    // One token uses 2 of 8 experts: far less than all weights; many tokens touch them all.
    double oneToken = mixtral.stepMs(batch(0, 0, 1, 100));
    double allWeights = 1e3 * spec.weightBytesPerGpu(2) / (3.35e12 * 0.75);
    assertThat(oneToken).isLessThan(allWeights * 0.6);
    assertThat(mixtral.stepMs(batch(0, 0, 128, 100))).isGreaterThan(allWeights);
  }

  @Test
  void describeNamesModelGpuAndTp() throws InvalidInputException {
    assertThat(roofline("yi-34b", "H100", 2).describe())
        .startsWith("roofline 01-ai/Yi-34B on 2 x H100-SXM (gemm 0.600");
  }
}
