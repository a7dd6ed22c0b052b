package dev.fabricplanner.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** InferMesh mesh-sim configs load unchanged and mean what they mean in mesh-sim. */
class MeshSimCompatibilityTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "infermesh");

  @Test
  void smallLoadsAsMeshSimWroteIt() throws Exception {
    SimulationConfig config = ConfigLoader.load(EXAMPLES.resolve("small.yaml"));

    assertThat(config.seed()).isEqualTo(42);
    assertThat(config.durationS()).isEqualTo(300.0);
    assertThat(config.workload().arrival()).isEqualTo(new Arrival.Poisson(800));
    assertThat(config.workload().mix()).isEqualTo(new RequestMix(1, 0, 0));
    assertThat(config.workload().llm().inTokens()).isEqualTo(new Distribution.LogNormal(3.8, 0.6));
    assertThat(config.workload().llm().outTokens()).isEqualTo(new Distribution.LogNormal(4.6, 0.7));
    assertThat(config.totalNodes()).isEqualTo(512);
    GpuProfile h100 = config.topology().gpuProfiles().get(0);
    assertThat(h100.name()).isEqualTo("H100-80G");
    assertThat(h100.tokensPerS()).isEqualTo(240_000);
    assertThat(h100.concurrency()).isEqualTo(16);
    assertThat(h100.vramTotalGb()).isEqualTo(80.0);
    assertThat(h100.batchWindowMs()).isEqualTo(8.0);
    assertThat(h100.kvCacheGbPerReq()).isEqualTo(1.0);
    // mesh-sim sizes KV per request: with only kv_cache_gb_per_req given, so do we.
    assertThat(h100.kvBytesPerToken()).isZero();
    // Fields mesh-sim lacks come from the catalog entry the name picks...
    assertThat(h100.pricePerHour()).isEqualTo(GpuCatalog.H100.pricePerHour());
    assertThat(h100.decodeSlowdownPerSeq()).isEqualTo(GpuCatalog.H100.decodeSlowdownPerSeq());
    // ...except the token rates, derived so that a full batch of 16 runs at mesh-sim's 240,000
    // tok/s.
    double stepGrowth = 1 + 0.0078 * 15;
    assertThat(h100.decodeTokensPerS()).isEqualTo(16_755.0);
    assertThat(16 * h100.decodeTokensPerS() / stepGrowth).isCloseTo(240_000, within(0.5));
    assertThat(h100.prefillTokensPerS() / h100.decodeTokensPerS())
        .isCloseTo(
            GpuCatalog.H100.prefillTokensPerS() / GpuCatalog.H100.decodeTokensPerS(), within(1e-3));
    assertThat(config.topology().mig()).isEqualTo(MigConfig.disabled());
    assertThat(config.network()).isEqualTo(ReferenceConfig.NETWORK);
    assertThat(config.signals()).isEqualTo(ReferenceConfig.SIGNALS);
    assertThat(config.strategies())
        .containsExactly(
            "baseline_rr",
            "heuristic",
            "mesh",
            "mesh_hedge",
            "adaptive_mesh",
            "predictive_mesh",
            "hybrid_mesh",
            "ml_enhanced_mesh");
    // vision/asr/tenants written as null by serde_yaml take our defaults.
    assertThat(config.workload().vision()).isEqualTo(ReferenceConfig.VISION);
    assertThat(config.workload().tenants()).isEqualTo(ReferenceConfig.TENANTS);
    assertThat(config.serviceModel()).isEmpty();
    assertThat(config.faults()).isEmpty();
  }

  @Test
  void mediumHasMixedWorkloadAndTenants() throws Exception {
    SimulationConfig config = ConfigLoader.load(EXAMPLES.resolve("medium.yaml"));

    assertThat(config.totalNodes()).isEqualTo(4096);
    assertThat(config.workload().mix()).isEqualTo(new RequestMix(0.7, 0.2, 0.1));
    assertThat(config.workload().vision())
        .isEqualTo(
            new VisionWorkload(
                new Distribution.Uniform(50_176, 1_048_576), new Distribution.Constant(1.0)));
    assertThat(config.workload().asr())
        .isEqualTo(new AsrWorkload(new Distribution.Uniform(1, 30), 16_000));
    assertThat(config.workload().tenants())
        .isEqualTo(new TenantConfig(new TenantSkew.Zipf(1.1), 100));
  }

  @Test
  void largeHasMmppAndMig() throws Exception {
    SimulationConfig config = ConfigLoader.load(EXAMPLES.resolve("large.yaml"));

    assertThat(config.totalNodes()).isEqualTo(131_072);
    assertThat(config.durationS()).isEqualTo(1800.0);
    assertThat(config.workload().arrival())
        .isEqualTo(new Arrival.Mmpp(3, List.of(200.0, 800.0, 1500.0), List.of(30.0, 30.0, 10.0)));
    assertThat(config.topology().mig().enable()).isTrue();
    assertThat(config.topology().mig().profiles())
        .containsExactly(
            new MigProfile("1g.10gb", 0.125, 30_000, 2),
            new MigProfile("2g.20gb", 0.25, 60_000, 4));
    assertThat(config.strategies()).endsWith("mesh_stale");
  }

  @Test
  void docsExampleWithOmittedKeysTakesDefaults() throws Exception {
    SimulationConfig config = ConfigLoader.load(EXAMPLES.resolve("docs-small.yaml"));

    assertThat(config.workload().durationS()).isEqualTo(300.0);
    assertThat(config.workload().mix()).isEqualTo(new RequestMix(1, 0, 0));
    assertThat(config.signals().transportMs().intraCell()).isEqualTo(new DelayRange(5, 25));
  }

  @Test
  void discreteImageSizesInMeshSimPairForm() throws Exception {
    String yaml =
        """
        duration_s: 10
        workload:
          arrival: {type: poisson, rps: 5}
          vision:
            image_size:
              dist: discrete
              sizes:
              - - 50176
                - 0.25
              - [262144, 0.75]
            processing_complexity: {dist: uniform, min: 0.5, max: 2.0}
        topology: {cells: 1, nodes_per_cell: 1, gpu_profiles: [{name: L40S}]}
        """;
    SimulationConfig config = ConfigLoader.parse(yaml, "pairs.yaml");

    assertThat(config.workload().vision().imageSize())
        .isEqualTo(new Distribution.Discrete(List.of(50_176.0, 262_144.0), List.of(0.25, 0.75)));
    GpuProfile l40s = config.topology().gpuProfiles().get(0);
    assertThat(l40s).isEqualTo(TopologyReader.profileDefaults("L40S"));
    assertThat(l40s.tokensPerS()).isEqualTo(GpuCatalog.L40S.tokensPerS());
  }
}
