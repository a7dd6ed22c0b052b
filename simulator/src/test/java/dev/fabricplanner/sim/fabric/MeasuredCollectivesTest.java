package dev.fabricplanner.sim.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.SizeSample;
import dev.fabricplanner.sim.cluster.ClusterLayout;
import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.RequestTable;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.engine.EventQueue;
import dev.fabricplanner.sim.exec.ExecutionModel;
import dev.fabricplanner.sim.exec.MeasuredCollectives;
import dev.fabricplanner.sim.exec.StepBatch;
import dev.fabricplanner.sim.output.ResultJson;
import dev.fabricplanner.sim.result.KvTransferSummary;
import dev.fabricplanner.sim.result.LinkUse;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TP all-reduces priced from the records: Llama-3.1-70B at TP 4 on examples/records' 8-GPU NVLink host
 * (nvl8-h100), two nodes of four GPUs, one prefilling and one decoding.
 */
class MeasuredCollectivesTest {
  static final Map<String, String> TP4_ON_NVL8 = Map.of(
      "hosts: [efa-p5-a, efa-p5-b]", "hosts: [nvl8-h100]",
      "  cells: 2\n", "  cells: 1\n",
      "    tp: 1\n", "    model: meta-llama/Llama-3.1-70B-Instruct\n    tp: 4\n");

  static Fleet boundFleet(SimulationConfig config) throws Exception {
    Fleet fleet = ClusterLayout.build(config, new EventQueue(16), new RequestTable(16));
    FabricBinding binding = FabricBinding.bind(config, fleet.classOfNode(0).kvBytesPerToken());
    binding.priceSteps(fleet, config);
    return fleet;
  }

  @Test
  void aOneTokenAllReduceCostsItsRingStepsOnTheMeasuredCurve() throws Exception {
    Fleet fleet = boundFleet(DisaggregationTest.example(TP4_ON_NVL8));
    MeasuredCollectives tp = (MeasuredCollectives) fleet.executionOf(0);
    // One token: each ring step moves 8,192 x 2 B / 4 = 4,096 B over NVLink, priced at the one-way
    // time nvl8-h100's cuda_ipc link measured for 4 KiB (2.012 us a copy, counted once);
    // 2 all-reduces x 80 layers x 2 (4 - 1) ring steps.
    CapabilityRecord record = new CapabilityRecordReader()
        .readAll(DisaggregationTest.EXAMPLES.resolve("records").resolve("nvl8-h100.json")).get(0);
    SizeSample fourKib = record.links().get(0).sweep().stream()
        .filter(s -> s.sizeBytes() == 4096).findFirst().orElseThrow();
    assertEquals(2 * 80 * 6 * fourKib.latencyP50Us() / 1000, tp.measuredMs(1), 1e-9);
    assertTrue(tp.measuredMs(4096) > tp.measuredMs(1));
    MeasuredCollectives second = (MeasuredCollectives) fleet.executionOf(1);
    assertEquals(tp.measuredMs(1), second.measuredMs(1), 1e-12, "GPUs 4..7 priced from the same link");
  }

  @Test
  void theStepSwapsTheNominalAllReduceForTheMeasuredOne() throws Exception {
    SimulationConfig config = DisaggregationTest.example(TP4_ON_NVL8);
    Fleet fleet = boundFleet(config);
    ExecutionModel catalog = fleet.classOfNode(0).execution();
    MeasuredCollectives measured = (MeasuredCollectives) fleet.executionOf(0);
    StepBatch batch = new StepBatch();
    batch.addPrefillChunk(512, 0);
    for (int i = 0; i < 40; i++) {
      batch.addDecode(1500);
    }
    int tokens = 512 + 40;
    assertEquals(catalog.stepMs(batch) - measured.nominalMs(tokens) + measured.measuredMs(tokens),
        measured.stepMs(batch), 1e-9);
    assertNotEquals(measured.nominalMs(tokens), measured.measuredMs(tokens));
    assertTrue(measured.describe().contains("records (nvl8-h100 GPU 0 .. nvl8-h100 GPU 3)"),
        measured.describe());
  }

  @Test
  void aBoundTpRunKeepsItsInvariantsAndIsDeterministic() throws Exception {
    SimulationConfig config = DisaggregationTest.example(TP4_ON_NVL8);
    SimulationResult first = DisaggregationTest.run(config, "pd_load");
    assertTrue(first.invariantsHold(), ResultJson.render(first));
    assertEquals(ResultJson.render(first), ResultJson.render(DisaggregationTest.run(config, "pd_load")));
  }

  /**
   * NVLink lost mid-run: the TP rings fall back (to the host's next transport, host-staged shm) from
   * the fault on, decode runs planned ahead stop at their current step, every invariant holds, and
   * the run decodes more slowly than with NVLink throughout.
   */
  @Test
  void nvlinkDownMidRunRepricesTheRingsFromThen() throws Exception {
    Map<String, String> edits = new HashMap<>(TP4_ON_NVL8);
    edits.put("faults: []", "faults:\n  - { at_s: 15, kind: transport_down, transport: nvlink }");
    SimulationResult faulted = DisaggregationTest.run(DisaggregationTest.example(edits), "pd_load");
    SimulationResult clean =
        DisaggregationTest.run(DisaggregationTest.example(TP4_ON_NVL8), "pd_load");
    assertTrue(faulted.invariantsHold(), ResultJson.render(faulted));
    double before = clean.serving().tpotMs().get("all").mean();
    double after = faulted.serving().tpotMs().get("all").mean();
    System.out.printf("[tp] NVLink down from 15 s: TPOT %.2f -> %.2f ms%n", before, after);
    assertTrue(after > before * 1.05, before + " -> " + after);
  }

  /**
   * The rings hold their GPUs' links: each step books the node's NVLink both ways for its
   * all-reduces, so the links are busy at least the rings' share of the steps, and a KV cache moving
   * between the two nodes waits while a ring holds either end.
   */
  @Test
  void theRingsHoldTheirNvlinkAndKvTransfersWaitForThem() throws Exception {
    SimulationResult result =
        DisaggregationTest.run(DisaggregationTest.example(TP4_ON_NVL8), "pd_load");
    KvTransferSummary kv = result.kvTransfer().orElseThrow();
    LinkUse nvlink = kv.links().get("nvlink");
    System.out.printf("[tp] NVLink links %d, busy mean %.3f max %.3f (%s); KV link wait %.3f ms%n",
        nvlink.links(), nvlink.meanUtilization(), nvlink.maxUtilization(), nvlink.busiest(),
        kv.linkWaitMs());
    assertEquals(4, nvlink.links(), "two nodes' rings, in and out");
    assertTrue(nvlink.maxUtilization() > 0.05, nvlink.toString());
    assertTrue(kv.linkWaitMs() > 0, "KV transfers never waited for a ring: " + kv.linkWaitMs());
  }
}
