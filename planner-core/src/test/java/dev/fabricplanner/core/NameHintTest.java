package dev.fabricplanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameHintTest {
  private static final List<String> KEYS = List.of("topology", "workload", "network", "signals");

  @Test
  void suggestsTheClosestNameWithinAThirdOfItsLength() {
    assertThat(NameHint.closest("topolgy", KEYS)).contains("topology");
    assertThat(NameHint.hint("netwrk", KEYS)).isEqualTo("; did you mean \"network\"?");
  }

  @Test
  void listsTheWantedNamesWhenNothingIsClose() {
    assertThat(NameHint.closest("faults", KEYS)).isEmpty();
    assertThat(NameHint.hint("faults", KEYS))
        .isEqualTo("; expected one of: topology, workload, network, signals");
  }

  @Test
  void countsEditsAsLevenshteinDoes() {
    assertThat(NameHint.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(NameHint.distance("", "abc")).isEqualTo(3);
    assertThat(NameHint.distance("same", "same")).isZero();
  }
}
