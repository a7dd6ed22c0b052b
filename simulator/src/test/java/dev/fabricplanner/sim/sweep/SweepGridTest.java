package dev.fabricplanner.sim.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grid files read, checked and expanded against the bundled examples. */
class SweepGridTest {
  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  @TempDir Path dir;

  private SweepGrid grid(String body) throws Exception {
    Path file = dir.resolve("grid.yaml");
    Files.writeString(file, "base: " + EXAMPLES.resolve("small.yaml") + "\n" + body);
    return SweepGrid.load(file);
  }

  private String problem(String body) throws Exception {
    try {
      grid(body);
    } catch (InvalidInputException e) {
      assertThat(e.problems()).hasSize(1);
      return e.problems().get(0);
    }
    throw new AssertionError("the grid was accepted: " + body);
  }

  @Test
  void theExampleExpandsToTheCartesianProductLastAxisFastest() throws Exception {
    SweepGrid grid = SweepGrid.load(EXAMPLES.resolve("sweep.yaml"));
    assertThat(grid.runs()).hasSize(12);
    assertThat(grid.runs().get(0).params())
        .containsExactly(Map.entry("workload.arrival.rps", 600), Map.entry("strategies", "least_queue"),
            Map.entry("seed", 1));
    assertThat(grid.runs().get(1).params()).containsEntry("seed", 2);
    assertThat(grid.runs().get(11).params())
        .containsExactly(Map.entry("workload.arrival.rps", 1000), Map.entry("strategies", "power_of_two"),
            Map.entry("seed", 3));
    assertThat(grid.runs().stream().map(SweepRun::index).toList())
        .isEqualTo(java.util.stream.IntStream.range(0, 12).boxed().toList());
    assertThat(grid.runs().stream().map(SweepRun::id).collect(Collectors.toSet())).hasSize(12);
  }

  @Test
  void aRunsConfigCarriesItsValuesTheFixedOverridesAndOnlyItsStrategysSettings() throws Exception {
    SweepGrid grid = grid("""
        set: { duration_s: 8, warmup_s: 2, workload.duration_s: 8, faults: [] }
        axes:
          workload.arrival.rps: [300]
          strategies: [least_queue, power_of_two]
          seed: [5]
        """);
    SimulationConfig first = ConfigLoader.parse(grid.configYaml(grid.runs().get(0)), "run 0");
    assertThat(first.seed()).isEqualTo(5);
    assertThat(first.durationS()).isEqualTo(8);
    assertThat(first.strategies()).containsExactly("least_queue");
    assertThat(first.strategyParams()).doesNotContainKey("power_of_two");
    assertThat(grid.configYaml(grid.runs().get(0))).contains("rps: 300");
    SimulationConfig second = ConfigLoader.parse(grid.configYaml(grid.runs().get(1)), "run 1");
    assertThat(second.strategies()).containsExactly("power_of_two");
    assertThat(second.paramsFor("power_of_two")).containsEntry("d", 2L);
  }

  @Test
  void idsDependOnTheParametersOnlyNotOnTheGridAroundThem() throws Exception {
    SweepGrid small = grid("axes: { seed: [1, 2] }\n");
    SweepGrid larger = grid("axes: { seed: [7, 2, 1] }\n");
    String idOfSeed2 = small.runs().get(1).id();
    assertThat(larger.runs().get(1).id()).isEqualTo(idOfSeed2).startsWith("seed-2-");
    assertThat(small.runs().get(0).id()).isNotEqualTo(idOfSeed2);
    assertThat(small.fingerprint()).isNotEqualTo(larger.fingerprint());
    assertThat(grid("axes: { seed: [1, 2] }\n").fingerprint()).isEqualTo(small.fingerprint());
  }

  @Test
  void excludedCombinationsAreLeftOutAndIndicesStayDense() throws Exception {
    SweepGrid grid = grid("""
        axes:
          strategies: [least_queue, power_of_two]
          seed: [1, 2]
        exclude:
          - { strategies: least_queue, seed: 2 }
        """);
    assertThat(grid.runs()).hasSize(3);
    assertThat(grid.runs().stream().map(r -> r.params().get("strategies") + "/" + r.params().get("seed")).toList())
        .containsExactly("least_queue/1", "power_of_two/1", "power_of_two/2");
    assertThat(grid.runs().get(2).index()).isEqualTo(2);
  }

  @Test
  void simOptionAxesBecomeArgumentsNotConfigKeys() throws Exception {
    SweepGrid grid = grid("axes: { --format: [json, csv], seed: [1] }\n");
    assertThat(grid.runs().get(0).simArgs()).containsExactly("--format", "json");
    assertThat(grid.runs().get(1).simArgs()).containsExactly("--format", "csv");
    assertThat(grid.configYaml(grid.runs().get(0))).doesNotContain("--format");
  }

  @Test
  void theSelfContainedCopyExpandsToTheSameRunsWithTheSameFingerprint() throws Exception {
    SweepGrid grid = SweepGrid.load(EXAMPLES.resolve("sweep.yaml"));
    SweepGrid copy = SweepGrid.parse(grid.selfContainedYaml(), "copy", Path.of("/nonexistent"));
    assertThat(copy.fingerprint()).isEqualTo(grid.fingerprint());
    assertThat(copy.runs()).isEqualTo(grid.runs());
    for (SweepRun run : grid.runs()) {
      assertThat(copy.configYaml(run)).isEqualTo(grid.configYaml(run));
    }
  }

  @Test
  void badGridsGetOneLineNamingTheFileAndTheField() throws Exception {
    String file = dir.resolve("grid.yaml").toString();
    assertThat(problem("axes: { workload.arrival.nope: [1, 2] }\n"))
        .startsWith(file + ": axes.workload.arrival.nope: the base config has no key workload.arrival.nope");
    assertThat(problem("axes: {}\n")).isEqualTo(file
        + ": axes: missing or empty; list at least one config key (or --option) with its values");
    assertThat(problem("axes: { seed: [] }\n")).isEqualTo(file + ": axes.seed: no values; an axis needs at least one");
    assertThat(problem("axes: { seed: [1, 2, 1] }\n"))
        .isEqualTo(file + ": axes.seed: 1 appears more than once; each value of an axis must be distinct");
    assertThat(problem("axes: { workload.arrival.rps: [100, -5] }\n"))
        .startsWith(file + ": axes.workload.arrival.rps[1] = -5: workload.arrival.rps: ");
    assertThat(problem("axes: { seed: [1] }\nexclude: [ { strategies: x } ]\n"))
        .startsWith(file + ": exclude[0].strategies: not an axis of this grid");
    assertThat(problem("axes: { seed: [1] }\nexclude: [ { seed: 1 } ]\n"))
        .isEqualTo(file + ": exclude: every run of the grid is excluded; nothing to run");
    assertThat(problem("axis: { seed: [1] }\n"))
        .isEqualTo(file + ": axis: unknown key; a grid has base, set, axes and exclude");
    assertThat(problem("axes: { seed: 3 }\n")).isEqualTo(file + ": axes.seed: must be a list of values");
    assertThat(problem("axes: { 'workload..rps': [1] }\n")).startsWith(file + ": axes.workload..rps: not a config key path");
    assertThat(problem("set: { duration_s: -1 }\naxes: { seed: [1] }\n")).startsWith(file + ": set: duration_s: ");
  }

  @Test
  void aMissingBaseOrIndexIsOneClearLine() throws Exception {
    Path file = dir.resolve("grid.yaml");
    Files.writeString(file, "base: nowhere.yaml\naxes: { seed: [1] }\n");
    assertThatThrownBy(() -> SweepGrid.load(file)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nowhere.yaml: cannot read the config: no such file");
    SweepGrid grid = grid("axes: { seed: [1, 2] }\n");
    assertThatThrownBy(() -> grid.run(2)).isInstanceOf(InvalidInputException.class)
        .hasMessageEndingWith("index 2 is outside the grid (0 to 1, 2 runs)");
  }

  @Test
  void aThousandPointGridExpandsQuickly() throws Exception {
    long start = System.nanoTime();
    SweepGrid grid = grid("""
        axes:
          workload.arrival.rps: [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]
          topology.nodes_per_cell: [4, 8, 12, 16, 20, 24, 28, 32, 36, 40]
          seed: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        """);
    Set<String> ids = grid.runs().stream().map(SweepRun::id).collect(Collectors.toSet());
    assertThat(ids).hasSize(1000);
    List<String> yaml = grid.runs().stream().limit(3).map(grid::configYaml).toList();
    assertThat(yaml.get(1)).contains("seed: 2");
    System.out.printf("1,000-point grid loaded and expanded in %.2f s%n", (System.nanoTime() - start) / 1e9);
  }
}
