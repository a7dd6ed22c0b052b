package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.probe.control.ControlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole nvlink profile on this GPU-less machine: every path ends in a recorded skip reason. */
class NvlinkProfileTest {
  private static final Path INSTALLED = Path.of("/usr/local/cuda/lib64/libcudart.so");

  private static void assumeNoGpu() {
    assumeTrue(Files.exists(INSTALLED), "needs the CUDA toolkit's libcudart");
    assumeTrue(CudaProbe.open() instanceof CudaProbe.Skipped, "this machine has a working GPU");
  }

  @Test
  void profileWithoutADriverRecordsTheSkipReason() {
    assumeNoGpu();
    Instant at = Instant.parse("2026-11-25T12:00:00Z");
    CapabilityRecord.Builder builder =
        CapabilityRecord.builder(new HostIdentity("h", "h", "0", at));

    NvlinkProfile.Result result =
        NvlinkProfile.run("h", CopySweep.standard(), true, Clock.fixed(at, ZoneOffset.UTC));
    result.parts().addTo(builder);
    List<String> lines = result.lines();

    assertThat(lines)
        .singleElement()
        .asString()
        .startsWith("nvlink: skipped (cudaGetDeviceCount: cudaError");
    CapabilityRecord record = builder.build();
    assertThat(record.gpus()).isEmpty();
    assertThat(record.fabrics())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status()).isEqualTo(FabricStatus.SKIPPED);
              assertThat(f.reason()).contains("cudaGetDeviceCount").contains("libcudart.so");
            });
  }

  @Test
  void listSaysWhyThereAreNoGpus() {
    assumeNoGpu();

    assertThat(NvlinkProfile.describeHost())
        .singleElement()
        .asString()
        .startsWith("GPUs: none usable (cudaGetDeviceCount: cudaError");
  }

  @Test
  void childExporterJoinsOverQuicAndReportsItsSkipAsAControlMessage() throws Exception {
    assumeNoGpu();

    // A real second JVM runs CudaIpcHarness export: it reads the one-time invite from its stdin, joins
    // this process over loopback QUIC, cannot export without a GPU, and says why on the control stream.
    try (ChildIpcExporter child =
        ChildIpcExporter.start(
            INSTALLED.toString(), CudaLibraryPaths.withCudart(INSTALLED.toString()), 4096)) {
      assertThatThrownBy(() -> IpcExchange.receiveOffers(child.control(), Duration.ofSeconds(60)))
          .isInstanceOf(ControlException.class)
          .hasMessageStartingWith("cudaGetDeviceCount: cudaError")
          .hasMessageContaining("libcudart.so");
    }
  }
}
