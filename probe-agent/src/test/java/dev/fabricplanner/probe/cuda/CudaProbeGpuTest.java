package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs only where CUDA finds a GPU (skipped by assumption on CI and on this machine): the inventory
 * and every copy test on real hardware, with a short sweep.
 */
class CudaProbeGpuTest {
  private static final CopySweep SHORT = new CopySweep(List.of(64L, 4096L, 1L << 20), 5, 50, 3, 5);
  private CudaProbe probe;

  @BeforeEach
  void open() {
    CudaProbe.Opening opening = CudaProbe.open();
    assumeTrue(opening instanceof CudaProbe.Available, () -> "no GPU: " + opening);
    probe = ((CudaProbe.Available) opening).probe();
  }

  @AfterEach
  void close() {
    if (probe != null) {
      probe.close();
    }
  }

  @Test
  void inventoryNamesEveryGpuAndPair() {
    GpuInventory inventory = probe.inventory();

    assertThat(inventory.gpus()).isNotEmpty();
    assertThat(inventory.gpus())
        .allSatisfy(
            gpu -> {
              assertThat(gpu.uuid()).startsWith("GPU-");
              assertThat(gpu.vramBytes()).isPositive();
              assertThat(gpu.pciBusId()).matches("[0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:.*");
            });
    int n = inventory.gpus().size();
    assertThat(inventory.pairs()).hasSize(n * (n - 1) / 2);
  }

  @Test
  void everyCopyTestMeasuresAVerifiedPayloadOrSaysWhyNot() {
    List<CopyTestResult> results = probe.runTests(SHORT);

    assertThat(results)
        .allSatisfy(
            r -> {
              assertThat(r.outcome())
                  .as(r.label() + ": " + r.reason())
                  .isNotEqualTo(CopyTestResult.Outcome.FAILED);
              if (r.outcome() == CopyTestResult.Outcome.OK) {
                assertThat(r.payloadVerified()).isTrue();
                assertThat(r.samples())
                    .extracting(CopySample::sizeBytes)
                    .containsExactly(64L, 4096L, 1L << 20);
              } else {
                assertThat(r.reason()).isNotBlank();
              }
            });
  }

  @Test
  void twoProcessIpcMovesAVerifiedPayload() {
    List<CopyTestResult> results = probe.runIpcTests(SHORT);

    assertThat(results).isNotEmpty();
    assertThat(results)
        .filteredOn(r -> r.srcGpu() == r.dstGpu())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.outcome())
                  .as(r.label() + ": " + r.reason())
                  .isEqualTo(CopyTestResult.Outcome.OK);
              assertThat(r.payloadVerified()).isTrue();
            });
  }
}
