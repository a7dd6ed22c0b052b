package dev.fabricplanner.sim.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundled examples are exactly what the generator writes, and they load. */
class ExampleConfigsTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  private static Path bundled(String name) {
    return ExampleConfigs.VALIDATION.contains(name)
        ? EXAMPLES.resolve("validation").resolve(name + ".yaml")
        : EXAMPLES.resolve(name + ".yaml");
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "medium", "large", "xlarge", "mm1", "mmc", "md1"})
  void bundledFileEqualsGeneratorOutput(String name) throws Exception {
    String generated = ExampleConfigs.yaml(name).orElseThrow();
    assertThat(Files.readString(bundled(name)))
        .as("examples file for %s is stale: run planner generate --example-type %s", name, name)
        .isEqualTo(generated);
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "medium", "large", "xlarge", "mm1", "mmc", "md1"})
  void bundledFileLoadsAndWritesBackToAnEqualConfig(String name) throws Exception {
    SimulationConfig loaded = ConfigLoader.load(bundled(name));
    assertThat(ConfigLoader.parse(ConfigWriter.toYaml(loaded), "resolved.yaml")).isEqualTo(loaded);
  }

  @Test
  void examplesHaveTheAdvertisedSizes() throws Exception {
    List<Long> nodes = new ArrayList<>();
    for (String name : ExampleConfigs.TYPES) {
      nodes.add(ConfigLoader.load(bundled(name)).totalNodes());
    }
    assertThat(nodes).containsExactly(64L, 8_192L, 131_072L, 1_048_576L);
    SimulationConfig large = ConfigLoader.load(bundled("large"));
    assertThat(large.workload().arrival()).isInstanceOf(Arrival.Mmpp.class);
    assertThat(large.durationS()).isEqualTo(1800);
  }

  @Test
  void validationConfigsAreSingleServerQueuesWithoutDelays() throws Exception {
    SimulationConfig mmc = ConfigLoader.load(bundled("mmc"));
    assertThat(mmc.totalNodes()).isEqualTo(1);
    assertThat(mmc.topology().gpuProfiles().get(0).concurrency()).isEqualTo(4);
    assertThat(mmc.serviceModel()).contains(new ServiceModel(ServiceModel.Kind.EXPONENTIAL, 40, 1));
    assertThat(mmc.signals().isFresh()).isTrue();
    assertThat(mmc.network().intraCellRttMs()).isEqualTo(new Distribution.Constant(0));
    assertThat(mmc.workload().arrival().meanRps()).isEqualTo(80);
    SimulationConfig md1 = ConfigLoader.load(bundled("md1"));
    assertThat(md1.serviceModel().orElseThrow().distribution())
        .isEqualTo(ServiceModel.Kind.DETERMINISTIC);
  }

  @Test
  void unknownTypeIsEmpty() {
    assertThat(ExampleConfigs.yaml("huge")).isEmpty();
  }
}
