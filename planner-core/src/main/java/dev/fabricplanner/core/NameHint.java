package dev.fabricplanner.core;

import java.util.Collection;
import java.util.Optional;

/**
 * Suggests the closest known name for a misspelt one, by Levenshtein distance: config keys, strategy
 * names, example types.
 */
public final class NameHint {
  private NameHint() {}

  /** The closest candidate within a third of the name's length (at least 2 edits), if any. */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Math.max(2, name.length() / 3) + 1;
    for (String candidate : candidates) {
      int distance = distance(name.toLowerCase(java.util.Locale.ROOT), candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** "; did you mean "x"?" or, with no close name, the list of names wanted. */
  public static String hint(String name, Collection<String> candidates) {
    return closest(name, candidates)
        .map(best -> "; did you mean \"" + best + "\"?")
        .orElse("; expected one of: " + String.join(", ", candidates));
  }

  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
