package dev.fabricplanner.sim.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The pipeline step formula on a hand-built batch: inner(B / pp, rounded up) + hops(its tokens). */
class PipelineStepModelTest {
  @Test
  void aStepIsOneMicroBatchThroughTheWholeModelPlusItsHops() throws Exception {
    ModelSpec model = ModelCatalog.builtIn().find("meta-llama/Llama-3.1-70B-Instruct");
    RooflineModel inner = new RooflineModel(model, GpuSpecs.builtIn().find("H100-SXM"), 1,
        RooflineEfficiencies.DEFAULTS);
    LinkCost hop = new LinkCost(0.01, 1e-4);
    PipelineStepModel pipeline = new PipelineStepModel(inner, 2, hop, "test");
    StepBatch batch = new StepBatch();
    batch.addPrefillChunk(301, 0); // 301 x 151 = 45,451 attention pairs
    for (int i = 0; i < 7; i++) {
      batch.addDecode(1000);
    }
    StepBatch micro = new StepBatch();
    micro.prefillTokens = 151;
    micro.prefillSequences = 1;
    micro.prefillAttentionPairs = 22726;
    micro.decodeSequences = 4;
    micro.decodeContextTokens = 3500;
    assertEquals(inner.stepMs(micro) + 0.01 + 1e-4 * (151 + 4), pipeline.stepMs(batch), 1e-12);
    assertEquals(0, pipeline.stepMs(new StepBatch()));
  }

  @Test
  void aLlamaStageSendsHiddenStatesAndResidualInBf16() throws Exception {
    ModelSpec model = ModelCatalog.builtIn().find("meta-llama/Llama-3.1-70B-Instruct");
    assertEquals(2 * 8192 * 2, PipelineStepModel.activationBytesPerToken(model));
  }
}
