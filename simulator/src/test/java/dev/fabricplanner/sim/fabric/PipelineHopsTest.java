package dev.fabricplanner.sim.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.plan.TransferCurve;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.output.OutputFormat;
import dev.fabricplanner.sim.output.ResultJson;
import dev.fabricplanner.sim.output.ResultsFolder;
import dev.fabricplanner.sim.output.SavedResults;
import dev.fabricplanner.sim.result.KvTransferSummary;
import dev.fabricplanner.sim.result.PipelineHopSummary;
import dev.fabricplanner.sim.result.SimulationResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/pipeline.yaml: Llama-3.1-405B at TP 8 x PP 2, each server's stages on two 8-GPU EFA hosts
 * of examples/records (efa-p5x8-a, efa-p5x8-b), so its stage hop crosses the hosts' NICs.
 */
class PipelineHopsTest {
  /** One token's activations: hidden states and residual of Llama-3.1-405B, BF16. */
  static final int HOP_BYTES = 2 * 16384 * 2;

  static SimulationConfig example(Map<String, String> edits) throws Exception {
    return DisaggregationTest.example("pipeline.yaml", edits);
  }

  @Test
  void exampleServesEveryRequestAndItsHopsHoldTheEfaLinks(@TempDir Path dir) throws Exception {
    SimulationResult result = DisaggregationTest.run(example(Map.of()), "least_queue");
    assertTrue(result.invariantsHold(), ResultJson.render(result));
    KvTransferSummary kv = result.kvTransfer().orElseThrow();
    assertEquals(0, kv.transfers(), "prefill_nodes_per_cell 0: nothing handed off");
    // The stage hop holds the hosts' EFA NIC groups; the TP 8 rings hold each server's NVLink.
    assertEquals(List.of("libfabric:efa", "nvlink"), List.copyOf(kv.links().keySet()));
    assertEquals(4, kv.links().get("libfabric:efa").links(), "two cells, two hosts each");
    assertEquals(4, kv.links().get("nvlink").links(), "two servers' rings, in and out");
    PipelineHopSummary hops = kv.pipelineHops().orElseThrow();
    // Every step of a measured window sends pp = 2 micro-batches over its one cross-host hop.
    assertTrue(hops.sends() > 0 && hops.sends() % 2 == 0, hops.toString());
    assertEquals(List.of("libfabric:efa"), List.copyOf(hops.bytesByTransport().keySet()));
    assertEquals(0, hops.extrapolated(), "64 B to 256 MiB measured: no micro-batch beyond it");
    assertEquals(ResultJson.render(result),
        ResultJson.render(DisaggregationTest.run(example(Map.of()), "least_queue")));
    new ResultsFolder(dir).writeResults("seed: 42\n", List.of(result), OutputFormat.JSON, "t");
    assertEquals(kv, SavedResults.read(dir).get(0).kvTransfer().orElseThrow());
  }

  /**
   * With EFA disabled the hop falls back to QUIC (as KV transfers do in DisaggregationTest), and TPOT
   * rises by (pp - 1) x the hop's extra time per step that the records predict. One request per
   * 20 s on two servers decodes alone: every decode step is a micro-batch of one token, whose 64 KiB
   * of activations take the curves' latency + bytes / bandwidth. Prompts are short (64 tokens): a long
   * prompt's micro-batches hold the QUIC link longer than its prefill step lasts, and the first decode
   * step waits for the link (the pipeline is then link-bound, which the test leaves out).
   */
  @Test
  void losingEfaRaisesTpotByTheHopsExtraTimeTheRecordsPredict() throws Exception {
    Map<String, String> light = Map.of(
        "in_tokens: { dist: lognormal, mu: 6.633, sigma: 0.985 }",
        "in_tokens: { dist: constant, value: 64 }",
        "out_tokens: { dist: lognormal, mu: 5.019, sigma: 0.859 }",
        "out_tokens: { dist: constant, value: 64 }",
        "rps: 1", "rps: 0.05",
        "duration_s: 120", "duration_s: 2400");
    Map<String, String> noEfa = new HashMap<>(light);
    noEfa.put("disable_transports: []", "disable_transports: [efa]");
    SimulationResult base = DisaggregationTest.run(example(light), "least_queue");
    SimulationResult lost = DisaggregationTest.run(example(noEfa), "least_queue");
    assertTrue(base.invariantsHold() && lost.invariantsHold());
    assertEquals("libfabric:efa -> quic", lost.kvTransfer().orElseThrow().fallbacks()
        .get("efa-p5x8-a 7 efa-p5x8-b 0 cross-host (pipeline hop)"));
    assertEquals(List.of("nvlink", "quic"),
        List.copyOf(lost.kvTransfer().orElseThrow().links().keySet()));

    double rise = lost.serving().tpotMs().get("all").mean() - base.serving().tpotMs().get("all").mean();
    double predictedUs = curve("tcp-l40s-a.json", "quic").timeUs(HOP_BYTES)
        - curve("efa-p5x8-a.json", "efa").timeUs(HOP_BYTES);
    System.out.printf("[pipeline] EFA lost: TPOT %.2f -> %.2f ms (+%.3f), records predict +%.3f ms"
        + " per step%n", base.serving().tpotMs().get("all").mean(),
        lost.serving().tpotMs().get("all").mean(), rise, predictedUs / 1000);
    assertEquals(1.0, rise / (1 * predictedUs / 1000), 0.2);
  }

  /**
   * A transport_down fault reprices the stage hops from its start, as it does KV transfers: with EFA
   * down for the second half of the measured time the hop falls back to QUIC then, its bytes split
   * between the two, and TPOT rises by about half of what losing EFA for the whole run costs.
   */
  @Test
  void transportDownMidRunMovesTheHopsToTheFallbackFromThen() throws Exception {
    Map<String, String> light = new HashMap<>(Map.of(
        "in_tokens: { dist: lognormal, mu: 6.633, sigma: 0.985 }",
        "in_tokens: { dist: constant, value: 64 }",
        "out_tokens: { dist: lognormal, mu: 5.019, sigma: 0.859 }",
        "out_tokens: { dist: constant, value: 64 }",
        "rps: 1", "rps: 0.05",
        "duration_s: 120", "duration_s: 2400"));
    Map<String, String> noEfa = new HashMap<>(light);
    noEfa.put("disable_transports: []", "disable_transports: [efa]");
    Map<String, String> halfway = new HashMap<>(light);
    halfway.put("faults: []", "faults:\n  - { at_s: 1205, kind: transport_down, transport: efa }");
    double base = tpot(DisaggregationTest.run(example(light), "least_queue"));
    double lost = tpot(DisaggregationTest.run(example(noEfa), "least_queue"));
    SimulationResult faulted = DisaggregationTest.run(example(halfway), "least_queue");
    assertTrue(faulted.invariantsHold(), ResultJson.render(faulted));
    KvTransferSummary kv = faulted.kvTransfer().orElseThrow();
    assertEquals("libfabric:efa -> quic",
        kv.fallbacks().get("efa-p5x8-a 7 efa-p5x8-b 0 cross-host (pipeline hop) (transport_down efa)"));
    assertEquals(List.of("libfabric:efa", "quic"),
        List.copyOf(kv.pipelineHops().orElseThrow().bytesByTransport().keySet()));
    double share = (tpot(faulted) - base) / (lost - base);
    System.out.printf("[pipeline] EFA down from 1,205 s: TPOT %.3f ms, between %.3f and %.3f (%.2f of"
        + " the way)%n", tpot(faulted), base, lost, share);
    assertEquals(0.5, share, 0.15);
  }

  private static double tpot(SimulationResult result) {
    return result.serving().tpotMs().get("all").mean();
  }

  @Test
  void aPdRouterOnAFleetThatHandsNothingOffServesEachPairOnItsPrefillNode() throws Exception {
    SimulationResult result = DisaggregationTest.run(example(Map.of()), "pd_load");
    assertTrue(result.invariantsHold(), ResultJson.render(result));
    assertTrue(result.requests().completed() > 0);
    assertEquals(0, result.kvTransfer().orElseThrow().transfers());
  }

  @Test
  void aServerNeedingMoreGpusThanTheCellsHostsHaveIsOneLine() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> DisaggregationTest
        .run(example(Map.of("hosts: [efa-p5x8-a, efa-p5x8-b]", "hosts: [efa-p5x8-a, efa-p5-b]")),
            "least_queue"));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().contains("cell 0 spans hosts efa-p5x8-a, efa-p5-b with 10 GPU(s)"
        + " in their records, fewer than topology.nodes_per_cell (1) x engine.tp (8) x engine.pp"
        + " (2)"), e.getMessage());
  }

  /** The transfer curve of the record's first link of this provider. */
  static TransferCurve curve(String file, String provider) throws Exception {
    CapabilityRecord record = new CapabilityRecordReader()
        .readAll(DisaggregationTest.EXAMPLES.resolve("records").resolve(file)).get(0);
    return new TransferCurve(record.links().stream()
        .filter(link -> link.provider().equals(provider)).findFirst().orElseThrow().sweep());
  }
}
