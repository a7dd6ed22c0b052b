package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.core.plan.Fleet;
import dev.fabricplanner.core.plan.HopDecision;
import dev.fabricplanner.core.plan.HopTraffic;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.plan.ReasonCode;
import dev.fabricplanner.core.plan.TransportKind;
import dev.fabricplanner.core.plan.TransportPlanner;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.CapabilityRecordWriter;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.HostIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recorded HGX inventory, converted and read back, is what the transport planner plans from.
 */
class CudaPlannerPathTest {
  // Llama-3.1-70B-style stage hop: 8192 hidden x 2 B per token (gpu-serving-profiles.md section 2).
  private static final HopTraffic TRAFFIC = new HopTraffic(16_384, 0, 1_366, 0);

  private static TransportPlanner planner(CapabilityRecord record) throws Exception {
    String json = new CapabilityRecordWriter().toJson(record);
    CapabilityRecord read = new CapabilityRecordReader().parse(json, "hgx.json");
    return new TransportPlanner(
        new Fleet(List.of(read)), PlannerSettings.defaults(CudaRecordPartsTest.AT));
  }

  private static Endpoint gpu(CapabilityRecord record, int index) {
    return Endpoint.gpu(CudaRecordPartsTest.HOST, record.gpus().get(index).id());
  }

  @Test
  void plannerChoosesNvlinkBetweenTheMeasuredPair() throws Exception {
    CapabilityRecord record = CudaRecordPartsTest.hgxRecord();

    HopDecision hop = planner(record).planHop(gpu(record, 0), gpu(record, 1), TRAFFIC);

    assertThat(hop.chosen().transport().kind()).isEqualTo(TransportKind.NVLINK);
    assertThat(hop.chosen().has(ReasonCode.FASTEST)).isTrue();
  }

  @Test
  void anUnmeasuredPairOfTheSameShapeBorrowsTheMeasuredCurve() throws Exception {
    CapabilityRecord record = CudaRecordPartsTest.hgxRecord();

    HopDecision hop = planner(record).planHop(gpu(record, 6), gpu(record, 3), TRAFFIC);

    assertThat(hop.chosen().transport().kind()).isEqualTo(TransportKind.NVLINK);
  }

  @Test
  void aHostWhoseCudaProbeSkippedFallsBackWithTheReasonShown() throws Exception {
    RecordedCudaRun run = RecordedCudaRun.load("hgx-h100-8gpu.json");
    CapabilityRecord.Builder builder =
        CapabilityRecord.builder(
            new HostIdentity(CudaRecordPartsTest.HOST, "h", "0.1.0", CudaRecordPartsTest.AT));
    // GPUs and pairs known (for example from an earlier run), but this run's CUDA probe skipped.
    CudaRecordParts.of(CudaRecordPartsTest.HOST, run.inventory(), List.of(), CudaRecordPartsTest.AT)
        .addTo(builder);
    CudaRecordParts.skipped(
            "cudaGetDeviceCount: cudaErrorInsufficientDriver (35): CUDA driver version is"
                + " insufficient for CUDA runtime version")
        .addTo(builder);
    CapabilityRecord record = builder.build();

    HopDecision hop = planner(record).planHop(gpu(record, 0), gpu(record, 1), TRAFFIC);

    assertThat(hop.chosen() == null || hop.chosen().transport().kind() != TransportKind.NVLINK)
        .isTrue();
    assertThat(hop.alternatives())
        .anySatisfy(
            c -> {
              assertThat(c.transport().kind()).isEqualTo(TransportKind.NVLINK);
              assertThat(c.has(ReasonCode.PROBE_SKIPPED)).isTrue();
              assertThat(c.detail()).contains("cudaErrorInsufficientDriver");
            });
  }
}
