package dev.fabricplanner.sim.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.exec.ModelCatalog;
import dev.fabricplanner.sim.result.KvTransferSummary;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layer-wise KV streaming: the transfer overlaps the last prefill step, by the closed form. */
class LayerwiseTransferTest {
  private static final String MODEL = "Llama-3.1-8B-Instruct";

  @Test
  void aSingleChunkStreamsFromItsFirstLayerAndEndsAfterItsLastLayersShare() {
    // A 40 ms step computing the whole 2,048-token prompt, 32 layers, 64 ms to move the cache.
    KvSendWindow w = KvSendWindow.layerwise(100, 140, 2048, 2048, 32, 64);
    assertEquals(101.25, w.earliestStartMs(), 1e-9);
    assertEquals(142.0, w.endNotBeforeMs(), 1e-9);
    // Earlier chunks are whole when the last step starts; the last layer's share is of the chunk.
    KvSendWindow chunked = KvSendWindow.layerwise(100, 140, 4096, 2048, 32, 64);
    assertEquals(100.0, chunked.earliestStartMs(), 1e-9);
    assertEquals(141.0, chunked.endNotBeforeMs(), 1e-9);
    KvSendWindow after = KvSendWindow.afterPrefill(140);
    assertEquals(140.0, after.earliestStartMs(), 1e-9);
    assertEquals(140.0, after.endNotBeforeMs(), 1e-9);
  }

  @Test
  void aFreeLinkEndsAtTheLaterOfTheTwoBounds() {
    LinkLedger links = new LinkLedger(0, 1e9);
    KvSendWindow w = KvSendWindow.layerwise(100, 140, 2048, 2048, 32, 64);
    double start = links.reserve("a out x", "b in x", w.earliestStartMs(), 64, w.endNotBeforeMs());
    assertEquals(101.25, start, 1e-9);
    // Link-bound: 101.25 + 64 > 142. The next transfer on the link starts only then.
    assertEquals(165.25, links.reserve("a out x", "c in x", 0, 1), 1e-9);
    // Production-bound: a fast link waits for the last layer's share.
    KvSendWindow fast = KvSendWindow.layerwise(200, 240, 2048, 2048, 32, 3.2);
    double s2 = links.reserve("d out x", "e in x", fast.earliestStartMs(), 3.2, fast.endNotBeforeMs());
    assertEquals(201.25, s2, 1e-9);
    assertEquals(240.1, links.reserve("d out x", "e in x", 0, 1), 1e-9);
  }

  /**
   * One 2,048-token prompt at a time across the hosts over QUIC (EFA disabled, about 2.1 s a cache):
   * streaming layer by layer starts the transfer one layer into the prefill step instead of after
   * it, so the transfer TTFT sees shrinks by the step's time × (1 − 1 / layers), measured against the
   * run's own mean prefill time.
   */
  @Test
  void streamingHidesThePrefillStepOfASlowTransfer() throws Exception {
    KvTransferSummary[] runs = wholeThenStreamed("[efa]");
    KvTransferSummary a = runs[0];
    KvTransferSummary b = runs[1];
    int layers = ModelCatalog.builtIn().find(MODEL).layers();
    double prefillMs = b.ttftBreakdownMs().get("prefill");
    double predicted = prefillMs * (1 - 1.0 / layers);
    double saved = a.transferMs().mean() - b.transferMs().mean();
    System.out.printf("[layerwise] QUIC: transfer %.1f -> %.1f ms (saved %.1f, predicted %.1f from a"
        + " %.1f ms prefill)%n", a.transferMs().mean(), b.transferMs().mean(), saved, predicted,
        prefillMs);
    assertTrue(prefillMs > 10, "prefill " + prefillMs);
    assertEquals(1.0, saved / predicted, 0.05);
    double ttftSaved = a.ttftBreakdownMs().values().stream().mapToDouble(Double::doubleValue).sum()
        - b.ttftBreakdownMs().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1.0, ttftSaved / predicted, 0.05);
  }

  /** Over EFA the cache crosses faster than the step computes it: only the last layer's share shows. */
  @Test
  void streamingOverAFastLinkLeavesOnlyTheLastLayersShare() throws Exception {
    KvTransferSummary[] runs = wholeThenStreamed("[]");
    double full = runs[0].transferMs().mean();
    double left = runs[1].transferMs().mean();
    int layers = ModelCatalog.builtIn().find(MODEL).layers();
    System.out.printf("[layerwise] EFA: transfer %.2f -> %.3f ms%n", full, left);
    assertEquals(full / layers, left, full / layers * 0.05);
  }

  @Test
  void layerwiseNeedsTheModelsLayers() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> DisaggregationTest.example(Map.of("disable_transports: []",
            "disable_transports: []\n  layerwise_transfer: true")));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().contains("layerwise_transfer: needs topology.engine.model"),
        e.getMessage());
  }

  /** The light run across the hosts with these transports disabled, sent whole and then streamed. */
  private static KvTransferSummary[] wholeThenStreamed(String disabled) throws Exception {
    Map<String, String> edits = lightAcrossHosts(disabled);
    SimulationResult whole = DisaggregationTest.run(DisaggregationTest.example(edits), "across",
        DisaggregationTest.ACROSS, new HashMap<>());
    edits.put("disable_transports: " + disabled,
        "disable_transports: " + disabled + "\n  layerwise_transfer: true");
    SimulationResult streamed = DisaggregationTest.run(DisaggregationTest.example(edits), "across",
        DisaggregationTest.ACROSS, new HashMap<>());
    assertTrue(whole.invariantsHold() && streamed.invariantsHold());
    return new KvTransferSummary[] {
        whole.kvTransfer().orElseThrow(), streamed.kvTransfer().orElseThrow()};
  }

  /** One constant 2,048-token prompt every 20 s, a catalog model, these transports disabled. */
  private static Map<String, String> lightAcrossHosts(String disabled) {
    Map<String, String> edits = new HashMap<>(Map.of(
        "in_tokens: { dist: lognormal, mu: 6.633, sigma: 0.985 }",
        "in_tokens: { dist: constant, value: " + DisaggregationTest.PROMPT + " }",
        "out_tokens: { dist: lognormal, mu: 5.019, sigma: 0.859 }",
        "out_tokens: { dist: constant, value: 16 }",
        "rps: 8", "rps: 0.05",
        "duration_s: 30", "duration_s: 1200",
        "    tp: 1\n", "    tp: 1\n    model: " + MODEL + "\n"));
    edits.put("disable_transports: []", "disable_transports: " + disabled);
    return edits;
  }
}
