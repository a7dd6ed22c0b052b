package dev.fabricplanner.sim.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.core.AtomicFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolved config written as YAML loads back to an equal config, byte-identically each time.
 */
class ConfigWriterTest {

  /** One of every variant: each distribution kind, MMPP, Zipf, MIG, erlang service, faults. */
  private static SimulationConfig everyVariant() {
    SortedMap<String, SortedMap<String, Object>> params = new TreeMap<>();
    params.put(
        "power_of_two",
        new TreeMap<>(
            Map.of(
                "d",
                3L,
                "weight",
                0.25,
                "whole_double",
                2.0,
                "sticky",
                true,
                "mode",
                "fast",
                "code",
                "007")));
    GpuProfile odd =
        new GpuProfile(
            "my \"odd\" gpu: v2",
            12_345,
            7,
            40.5,
            0.5,
            0.0001,
            1e-3,
            123.456789,
            0,
            1.5,
            0,
            0.1 + 0.2,
            2.5);
    return new SimulationConfig(
        9_007_199_254_740_993L,
        123.5,
        7.25,
        new WorkloadConfig(
            100,
            new Arrival.Mmpp(2, List.of(0.0, 1e6), List.of(0.001, 30.0)),
            new RequestMix(0.7, 0.2, 0.1),
            new LlmWorkload(
                Distribution.LogNormal.ofMeanAndStd(1154.7, 1489.2),
                new Distribution.Discrete(List.of(1.0, 10.0, 100.0), List.of(0.5, 0.3, 0.2))),
            new VisionWorkload(new Distribution.Constant(50_176), new Distribution.Uniform(0.5, 2)),
            new AsrWorkload(new Distribution.Exponential(0.2), 8_000),
            new TenantConfig(new TenantSkew.Zipf(1.1), 1000),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        new TopologyConfig(
            3,
            5,
            List.of(TopologyReader.profileDefaults("B200"), odd),
            new MigConfig(true, List.of(new MigProfile("1g.10gb", 0.125, 30_000, 2)))),
        new NetworkConfig(
            new Distribution.Uniform(0.1, 0.9),
            new VivaldiConfig(2, 12.5, 0.2),
            new BandwidthConfig(400_000, 1)),
        new SignalConfig(
            new DelayRange(0, 0),
            new DelayRange(1, 2),
            new SignalTransport(new DelayRange(0.001, 0.002))),
        Optional.of(new ServiceModel(ServiceModel.Kind.ERLANG, 12.5, 3)),
        List.of(
            new Fault(1, Fault.Kind.NODE_LOSS, Fault.ALL_CELLS, 0.5, 1, Double.POSITIVE_INFINITY),
            new Fault(2, Fault.Kind.SLOWDOWN, 2, 1, 3, 10),
            new Fault(3, Fault.Kind.LINK_DEGRADE, 0, 0.1, 10, 0.5)),
        List.of("power_of_two", "com.acme.MyRouter", "least-queue"),
        params,
        12.5,
        Optional.empty());
  }

  @Test
  void everyVariantRoundTrips() throws Exception {
    SimulationConfig config = everyVariant();
    String yaml = ConfigWriter.toYaml(config);

    SimulationConfig loaded = ConfigLoader.parse(yaml, "resolved.yaml");

    assertThat(loaded).isEqualTo(config);
    assertThat(loaded.paramsFor("power_of_two").get("d")).isInstanceOf(Long.class);
    assertThat(loaded.paramsFor("power_of_two").get("whole_double")).isEqualTo(2.0);
    assertThat(loaded.paramsFor("power_of_two").get("code")).isEqualTo("007");
    assertThat(ConfigWriter.toYaml(loaded)).isEqualTo(yaml);
  }

  @Test
  void meshSimConfigResolvesToAFileThatLoadsEqual() throws Exception {
    SimulationConfig meshSim =
        ConfigLoader.load(Path.of("..", "examples", "infermesh", "large.yaml"));
    assertThat(ConfigLoader.parse(ConfigWriter.toYaml(meshSim), "resolved.yaml"))
        .isEqualTo(meshSim);
  }

  @Test
  void keysComeInAFixedOrderWithDefaultsWrittenOut() {
    String yaml = ConfigWriter.toYaml(everyVariant());
    List<String> topLevel =
        yaml.lines()
            .filter(line -> line.matches("[a-z_]+:.*"))
            .map(line -> line.substring(0, line.indexOf(':')))
            .toList();
    assertThat(topLevel)
        .containsExactly(
            "seed",
            "duration_s",
            "warmup_s",
            "decision_cost_us",
            "workload",
            "topology",
            "network",
            "signals",
            "service_model",
            "faults",
            "strategies",
            "strategy_params");
    assertThat(yaml)
        .contains(
            "  arrival: { type: mmpp, states: 2, rates_rps: [0, 1000000],"
                + " dwell_s: [0.001, 30] }\n");
    assertThat(yaml).contains("    - name: \"my \\\"odd\\\" gpu: v2\"\n");
  }

  @Test
  void writeReplacesAFileWholeAndLeavesNoTempFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out").resolve("config.yaml");
    AtomicFile.writeString(file, "old: true\n");
    ConfigWriter.write(everyVariant(), file);

    assertThat(ConfigLoader.load(file)).isEqualTo(everyVariant());
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(path -> path.getFileName().toString())).containsExactly("config.yaml");
    }
  }

  @Test
  void logNormalFromMeanAndStdMatchesTheTraceFit() throws Exception {
    String yaml =
        """
        duration_s: 1
        workload:
          arrival: { type: poisson, rps: 1 }
          llm: { in_tokens: { dist: lognormal, mean: 1154.7, std: 1489.2 } }
        topology: { cells: 1, nodes_per_cell: 1, gpu_profiles: [ { name: H100 } ] }
        """;
    Distribution.LogNormal fitted =
        (Distribution.LogNormal) ConfigLoader.parse(yaml, "x.yaml").workload().llm().inTokens();
    assertThat(fitted.mean()).isCloseTo(1154.7, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(fitted.sigma()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.1));
  }
}
