package dev.fabricplanner.sim.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIG.md's key tables are the descriptors' ({@link ConfigKeys}). To regenerate after adding or
 * changing a key: {@code ./mvnw -q -B -pl simulator -am test -Dtest=ConfigDocsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dconfig.docs.write=true}.
 */
class ConfigDocsTest {
  private static final Path CONFIG_MD = Path.of("..", "docs", "CONFIG.md");

  @Test
  void configMdTablesAreGeneratedFromTheDescriptors() throws Exception {
    String markdown = Files.readString(CONFIG_MD, StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    String generated = ConfigDocs.regenerate(markdown, problems);
    if (Boolean.getBoolean("config.docs.write") && problems.isEmpty()) {
      Files.writeString(CONFIG_MD, generated, StandardCharsets.UTF_8);
    }
    assertThat(problems).isEmpty();
    assertThat(markdown)
        .as("docs/CONFIG.md is stale: regenerate it (see this test's comment)")
        .isEqualTo(generated);
  }

  @Test
  void everySectionNamesEachKeyOnceAndDocumentsIt() {
    for (KeySection<?> section : ConfigKeys.SECTIONS) {
      Set<String> names = new HashSet<>();
      for (ConfigKey<?, ?> key : section.keys()) {
        assertThat(names.add(key.name())).as(section.path() + "." + key.name()).isTrue();
        assertThat(key.doc()).as(key.name()).isNotBlank().doesNotContain("\n").doesNotContain("|");
      }
    }
  }

  @Test
  void aMarkerNamingNoSectionOrASectionWithoutMarkerIsAProblemAndProseIsNoMarker() {
    List<String> problems = new ArrayList<>();
    String markdown = "Prose about `<!-- keys: PATH -->` markers.\n<!-- keys: nope -->\n<!-- /keys -->\n";
    ConfigDocs.regenerate(markdown, problems);
    assertThat(problems)
        .contains("docs/CONFIG.md: <!-- keys: nope names no section of ConfigKeys")
        .contains("docs/CONFIG.md: no <!-- keys: topology.engine --> table")
        .noneMatch(line -> line.contains("PATH"));
  }

  /**
   * Every key a resolved config holds has its row in CONFIG.md: the bundled examples and a config
   * with the variants they lack (shared_prefix and stages, faults, erlang service, strategy_params).
   * Values that are mappings of their own type (a distribution, a {min, max} range, one strategy's
   * settings) are one row; a tagged mapping's {@code type} is its parent's row.
   */
  @Test
  void everyKeyAResolvedConfigWritesHasARow() throws Exception {
    String markdown = Files.readString(CONFIG_MD, StandardCharsets.UTF_8);
    Set<String> rows = new HashSet<>();
    java.util.regex.Matcher row =
        java.util.regex.Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(markdown);
    while (row.find()) {
      rows.add(row.group(1));
    }
    List<SimulationConfig> configs = new ArrayList<>();
    // sweep.yaml is a grid of configs, not one.
    try (var files = Files.list(Path.of("..", "examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("sweep.yaml")).sorted()
          .toList()) {
        configs.add(ConfigLoader.load(file));
      }
    }
    configs.add(
        ConfigLoader.parse(
            """
            duration_s: 60
            workload:
              shared_prefix: { num_groups: 2, num_prompts_per_group: 3, system_prompt_len: 100,
                               question_len: 10, output_len: 10 }
              stages: [ { rate_rps: 5, duration_s: 30 } ]
              tenants: { skew: { type: zipf, s: 1.1 }, count: 4 }
            topology: { cells: 2, nodes_per_cell: 2, gpu_profiles: [ { name: H100 } ] }
            service_model: { distribution: erlang, mean_ms: 5, shape: 2 }
            faults:
              - { at_s: 1, kind: slowdown, cell: 1, factor: 2, duration_s: 5 }
            strategies: [power_of_two]
            strategy_params: { power_of_two: { d: 2 } }
            """,
            "variants.yaml"));
    Set<String> written = new java.util.TreeSet<>();
    for (SimulationConfig config : configs) {
      paths(new org.yaml.snakeyaml.Yaml().load(ConfigWriter.toYaml(config)), "", written);
    }
    assertThat(written).contains("workload.stages[i].rate_rps", "faults[i].factor");
    assertThat(written.stream().filter(path -> !rows.contains(path)).toList())
        .as("keys a resolved config writes without a row in docs/CONFIG.md")
        .isEmpty();
  }

  private static void paths(Object value, String at, Set<String> out) {
    if (value instanceof List<?> list) {
      list.forEach(item -> paths(item, at + "[i]", out));
      return;
    }
    if (!(value instanceof java.util.Map<?, ?> map)
        || map.containsKey("dist")
        || map.keySet().equals(Set.of("min", "max"))
        || at.equals("strategy_params")) {
      return;
    }
    map.forEach(
        (key, child) -> {
          if (!key.equals("type")) {
            String path = at.isEmpty() ? key.toString() : at + "." + key;
            out.add(path);
            paths(child, path, out);
          }
        });
  }

  @Test
  void aGeneratedRowSaysTypeRangeAndDefault() {
    assertThat(ConfigKeys.TP.docRow("topology.engine", ConfigKeys.ENGINE.defaults()))
        .isEqualTo(
            "| `topology.engine.tp` | integer in [1, 64] | `1` | Tensor-parallel GPUs per server,"
                + " with `model`. |");
  }
}
