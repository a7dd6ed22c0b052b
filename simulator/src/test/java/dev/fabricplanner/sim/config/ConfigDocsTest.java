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

  @Test
  void aGeneratedRowSaysTypeRangeAndDefault() {
    assertThat(ConfigKeys.TP.docRow("topology.engine", ConfigKeys.ENGINE.defaults()))
        .isEqualTo(
            "| `topology.engine.tp` | integer in [1, 64] | `1` | Tensor-parallel GPUs per server,"
                + " with `model`. |");
  }
}
