package dev.fabricplanner.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Catalog lookup by name and the derived defaults of a GPU profile. */
class GpuCatalogTest {

  @Test
  void profileNamePrefixPicksTheEntryAndUnknownNamesFallBackToH100() {
    assertThat(GpuCatalog.forProfileName("h100-80g")).isEqualTo(GpuCatalog.H100);
    assertThat(GpuCatalog.forProfileName("A100-SXM-80GB")).isEqualTo(GpuCatalog.A100);
    assertThat(GpuCatalog.forProfileName("L40S-48GB")).isEqualTo(GpuCatalog.L40S);
    assertThat(GpuCatalog.forProfileName("H200")).isEqualTo(GpuCatalog.H200);
    assertThat(GpuCatalog.forProfileName("B200")).isEqualTo(GpuCatalog.B200);
    assertThat(GpuCatalog.forProfileName("MI300X")).isEqualTo(GpuCatalog.H100);
  }

  @Test
  void derivedFiguresFollowTheirFormulas() {
    // 342 x 208.8 / (1 + 0.0078 x 341)
    assertThat(GpuCatalog.H100.tokensPerS()).isEqualTo(19_512);
    // 131,072 B x 1,365.8 tokens = 0.179 GB
    assertThat(GpuCatalog.kvCacheGbPerRequest(GpuCatalog.KV_BYTES_PER_TOKEN)).isEqualTo(0.179);
    GpuProfile h100 = TopologyReader.profileDefaults("H100");
    assertThat(h100.decodeStepMs(1)).isCloseTo(1000 / 208.8, within(1e-9));
    assertThat(h100.decodeStepMs(32) / h100.decodeStepMs(1)).isCloseTo(36.9 / 29.7, within(0.01));
    assertThat(h100.kvCapacityGb()).isCloseTo(85.9 - 16.1, within(1e-9));
  }

  @Test
  void givenDecodeRateScalesPrefillAndThroughput() throws Exception {
    String yaml =
        """
        duration_s: 1
        workload: { arrival: { type: poisson, rps: 1 } }
        topology:
          cells: 1
          nodes_per_cell: 1
          gpu_profiles:
            - { name: A100, decode_tokens_per_s: 253.8, concurrency: 100 }
        """;
    GpuProfile a100 = ConfigLoader.parse(yaml, "x.yaml").topology().gpuProfiles().get(0);

    assertThat(a100.prefillTokensPerS())
        .isCloseTo(2 * GpuCatalog.A100.prefillTokensPerS(), within(1.0));
    assertThat(a100.tokensPerS()).isEqualTo(Math.round(100 * 253.8 / (1 + 0.0052 * 99)));
    assertThat(a100.kvBytesPerToken()).isEqualTo(GpuCatalog.KV_BYTES_PER_TOKEN);
  }
}
