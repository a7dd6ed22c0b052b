package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.CapabilityRecordWriter;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.NvmlP2pStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorded 8x H100 inventory through the converter into a record that planner-core reads. */
class CudaRecordPartsTest {
  static final String HOST = "hgx-h100-01";
  static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");

  static CapabilityRecord hgxRecord() throws Exception {
    RecordedCudaRun run = RecordedCudaRun.load("hgx-h100-8gpu.json");
    CapabilityRecord.Builder builder =
        CapabilityRecord.builder(new HostIdentity(HOST, HOST, "0.1.0", AT));
    CudaRecordParts.of(HOST, run.inventory(), run.results(), AT).addTo(builder);
    return builder.build();
  }

  @Test
  void recordedInventoryIsSelfConsistent() throws Exception {
    GpuInventory inventory = RecordedCudaRun.load("hgx-h100-8gpu.json").inventory();
    List<PciAddress> addresses = new ArrayList<>();
    List<List<NvlinkRemote>> links = new ArrayList<>();
    for (GpuInfo gpu : inventory.gpus()) {
      addresses.add(PciAddress.parse(gpu.pciBusId()));
      links.add(
          java.util.Collections.nCopies(gpu.nvlinkSwitchLinks(), new NvlinkRemote(true, null)));
    }

    int[][] counts = NvlinkMesh.linkCounts(addresses, links);

    assertThat(inventory.pairs()).hasSize(28);
    for (GpuPair pair : inventory.pairs()) {
      assertThat(pair.nvlinkCount()).isEqualTo(counts[pair.gpuA()][pair.gpuB()]).isEqualTo(18);
      assertThat(pair.pathLabel()).isEqualTo("NV18");
    }
    assertThat(inventory.describe().get(1))
        .contains("GPU 0  NVIDIA H100 80GB HBM3", "79.6 GiB", "nvlink 18 active (18 to NVSwitch)");
  }

  @Test
  void gpuToGpuLinksOfTheHgxAreNvlinkAndComparedWithEighteenLinksOfNvlink4() throws Exception {
    CapabilityRecord record = hgxRecord();
    List<LinkMeasurement> peer = record.links().stream()
        .filter(l -> l.src().gpu() != null && l.dst().gpu() != null && !l.src().equals(l.dst()))
        .toList();
    assertThat(peer).isNotEmpty().allSatisfy(l ->
        assertThat(l.facts().gpuPath()).isEqualTo(dev.fabricplanner.core.record.GpuPath.NVLINK));
    // Host-to-device and within-GPU copies have no GPU-to-GPU path to name.
    assertThat(record.links()).filteredOn(l -> l.src().gpu() == null || l.dst().gpu() == null)
        .allSatisfy(l -> assertThat(l.facts().gpuPath()).isNull());
    for (LinkMeasurement link : peer) {
      boolean below = link.peakBandwidth() < 0.5 * 18 * 25e9;
      assertThat(link.shortfall() != null).as("%s at %.0f GB/s", link.provider(), link.peakBandwidth() / 1e9)
          .isEqualTo(below);
    }
  }

  @Test
  void nvlinkNominalIsTheGenerationsPerLinkRateTimesTheLinks() {
    assertThat(NvlinkSpeed.nominal("9.0", 18)).isEqualTo(450e9);
    assertThat(NvlinkSpeed.nominal("10.0", 18)).isEqualTo(900e9);
    assertThat(NvlinkSpeed.nominal("8.6", 4)).isNull(); // bridged cards: no nominal, never a guess
    var flag = NvlinkSpeed.shortfall("9.0", 18, 90e9);
    assertThat(flag.measuredFraction()).isEqualTo(0.2);
    assertThat(flag.likelyCause()).isEqualTo(dev.fabricplanner.core.record.ShortfallCause.UNKNOWN);
    assertThat(flag.detail()).contains("18 NVLink link(s) of sm 9.0");
    assertThat(NvlinkSpeed.shortfall("9.0", 18, 230e9)).isNull();
  }

  @Test
  void fixtureBecomesARecordThatPlannerCoreReadsBack() throws Exception {
    CapabilityRecord record = hgxRecord();
    String json = new CapabilityRecordWriter().toJson(record);

    CapabilityRecord back = new CapabilityRecordReader().parse(json, "hgx.json");

    assertThat(back.gpus()).hasSize(8);
    assertThat(back.gpus().get(0).numaNode()).isZero();
    assertThat(back.gpus().get(7).numaNode()).isEqualTo(1);
    assertThat(back.gpuPairs())
        .hasSize(56)
        .allSatisfy(
            pair -> {
              assertThat(pair.peerAccess()).isTrue();
              assertThat(pair.nvlinkActive()).isTrue();
              assertThat(pair.nvlinkCount()).isEqualTo(18);
              assertThat(pair.pathClass()).isEqualTo(dev.fabricplanner.core.record.PathClass.NVL);
              assertThat(pair.nvmlP2pStatus()).isEqualTo(NvmlP2pStatus.OK);
            });
    assertThat(back.fabrics())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.backend()).isEqualTo(Backend.CUDA);
              assertThat(f.provider()).isEqualTo(CudaRecordParts.PROVIDER_PEER);
              assertThat(f.status()).isEqualTo(FabricStatus.OK);
            });
    LinkMeasurement link = back.links().get(0);
    assertThat(link.src()).isEqualTo(Endpoint.gpu(HOST, back.gpus().get(0).id()));
    assertThat(link.dst()).isEqualTo(Endpoint.gpu(HOST, back.gpus().get(1).id()));
    assertThat(link.facts().pathClass()).isEqualTo(dev.fabricplanner.core.record.PathClass.NVL);
    assertThat(link.sweep().get(0).bandwidthBytesPerSec()).isEqualTo(347_714_321_244.0);
    assertThat(back).isEqualTo(record);
  }

  @Test
  void failedAndSkippedTestsKeepTheirReasons() {
    GpuInventory two =
        new GpuInventory(
            "libcudart.so.13",
            13000,
            13000,
            "NVML not loaded: x",
            List.of(gpu(0), gpu(1)),
            List.of(
                new GpuPair(
                    0,
                    1,
                    false,
                    false,
                    0,
                    PathClass.UNKNOWN,
                    P2pStatus.NOT_PROBED,
                    P2pStatus.NOT_PROBED,
                    P2pStatus.NOT_PROBED)));
    CopySample sample = new CopySample(4096, 2.0, 3.0, 2e9, 1.0, 200);
    List<CopyTestResult> results =
        List.of(
            CopyTestResult.ok(CopyKind.HOST_TO_DEVICE, -1, 0, 20, List.of(sample)),
            CopyTestResult.failed(
                CopyKind.DEVICE_TO_HOST, 1, -1, "cudaMemcpy(kind 2): cudaErrorIllegalAddress"),
            CopyTestResult.skipped(CopyKind.PEER, 0, 1, "cudaDeviceCanAccessPeer(0, 1) = 0"));
    CapabilityRecord.Builder builder =
        CapabilityRecord.builder(new HostIdentity("h", "h", "0", AT));

    CudaRecordParts.of("h", two, results, AT).addTo(builder);
    CapabilityRecord record = builder.build();

    assertThat(record.gpuPairs())
        .allSatisfy(
            pair -> {
              assertThat(pair.peerAccess()).isFalse();
              assertThat(pair.pathClass()).isNull();
              assertThat(pair.nvmlP2pStatus()).isNull();
            });
    assertThat(record.fabrics())
        .extracting(f -> f.provider() + ":" + f.status().wire())
        .containsExactly("cuda_peer:skipped", "cuda_memcpy:ok");
    assertThat(record.fabrics().get(0).reason())
        .isEqualTo("PEER gpu0->gpu1: cudaDeviceCanAccessPeer(0, 1) = 0");
    assertThat(record.links())
        .extracting(l -> l.status().wire() + " " + l.reason())
        .containsExactly(
            "skipped cudaDeviceCanAccessPeer(0, 1) = 0",
            "ok null",
            "failed cudaMemcpy(kind 2): cudaErrorIllegalAddress");
    assertThat(record.links().get(1).src()).isEqualTo(Endpoint.hostMemory("h"));
  }

  @Test
  void aHostWithoutCudaRecordsASkippedFabric() {
    CapabilityRecord.Builder builder =
        CapabilityRecord.builder(new HostIdentity("h", "h", "0", AT));

    CudaRecordParts.skipped("cudaGetDeviceCount: cudaErrorInsufficientDriver (35): x")
        .addTo(builder);

    assertThat(builder.build().fabrics())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status()).isEqualTo(FabricStatus.SKIPPED);
              assertThat(f.reason()).startsWith("cudaGetDeviceCount: cudaErrorInsufficientDriver");
            });
  }

  @Test
  void nodePathsAreRecordedAsPhbLikeNccl() {
    assertThat(CudaRecordParts.pathClass(PathClass.NODE))
        .isEqualTo(dev.fabricplanner.core.record.PathClass.PHB);
    assertThat(CudaRecordParts.pathClass(PathClass.SYS))
        .isEqualTo(dev.fabricplanner.core.record.PathClass.SYS);
  }

  private static GpuInfo gpu(int index) {
    return new GpuInfo(
        index,
        "GPU-" + index,
        "NVIDIA L40S",
        48L << 30,
        "0000:0" + index + ":00.0",
        -1,
        "8.9",
        0,
        0);
  }
}
