package dev.fabricplanner.sim.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fabricplanner.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuSpecsTest {
  private final GpuSpecs gpus = GpuSpecs.builtIn();

  @Test
  void holdsTheGpusTheIssueAsksForEachWithSources() {
    assertThat(gpus.all()).extracting(GpuSpec::name).containsExactly("H100-SXM", "H100-PCIe",
        "H200", "B200", "A100-80GB", "A100-40GB", "L40S", "L4", "MI300X");
    for (GpuSpec gpu : gpus.all()) {
      assertThat(gpu.sources()).as(gpu.name()).isNotBlank();
      // Datasheets' "GB" are binary gigabytes in practice; the driver reports a little less.
      double datasheetBytes = gpu.memoryGb() * (1L << 30);
      assertThat((double) gpu.deviceMemoryBytes()).as(gpu.name())
          .isBetween(datasheetBytes * 0.90, datasheetBytes);
    }
  }

  @Test
  void findsByAliasCaseInsensitively() throws InvalidInputException {
    assertThat(gpus.find("h100").name()).isEqualTo("H100-SXM");
    assertThat(gpus.find("A100").name()).isEqualTo("A100-80GB");
    assertThat(gpus.find("NVIDIA H100 80GB HBM3").hbmBandwidth()).isEqualTo(3.35e12);
  }

  @Test
  void fp8WeightsUseFp8TensorCoresOnlyWhereTheGpuHasThem() throws InvalidInputException {
    assertThat(gpus.find("H100").denseFlops(1.0)).isEqualTo(1979e12);
    assertThat(gpus.find("H100").denseFlops(2.0)).isEqualTo(989.5e12);
    assertThat(gpus.find("A100").denseFlops(1.0)).isEqualTo(312e12);
  }

  @Test
  void unknownGpuListsTheKnownNamesAndHowToAddOne() {
    InvalidInputException error =
        catchThrowableOfType(InvalidInputException.class, () -> gpus.find("TPU-v5"));
    assertThat(error.problems()).isEqualTo(List.of(error.problems().get(0)));
    assertThat(error.problems().get(0)).startsWith("unknown GPU \"TPU-v5\"; known: H100-SXM, ")
        .contains("MI300X", "gpus.json");
  }
}
