package dev.fabricplanner.sim.config;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one YAML value as a number, integer, boolean or string, using the tag snakeyaml resolved
 * (so that a quoted "16" is a string, as in mesh-sim). Returns empty after reporting a problem.
 */
final class YamlScalar {
  private static final Pattern TRUE = Pattern.compile("(?i)true|yes|on");

  private YamlScalar() {}

  static Optional<Double> number(Node node, String path, Bound bound, ConfigProblems problems) {
    Optional<Double> value = Optional.empty();
    if (isTagged(node, Tag.FLOAT)) {
      value = parseFloat(((ScalarNode) node).getValue());
    } else if (isTagged(node, Tag.INT)) {
      value = parseInteger(((ScalarNode) node).getValue()).map(BigInteger::doubleValue);
    }
    if (value.isEmpty() || !bound.accepts(value.get())) {
      problems.at(
          node, path, "must be " + bound.wanted(value.orElse(null)) + ", got " + describe(node));
      return Optional.empty();
    }
    return value;
  }

  static Optional<Long> integer(Node node, String path, Bound bound, ConfigProblems problems) {
    Optional<BigInteger> value =
        isTagged(node, Tag.INT) ? parseInteger(((ScalarNode) node).getValue()) : Optional.empty();
    if (value.isEmpty()
        || value.get().bitLength() > 62
        || !bound.accepts(value.get().doubleValue())) {
      Double asNumber = value.map(BigInteger::doubleValue).orElse(null);
      problems.at(node, path, "must be " + bound.wanted(asNumber) + ", got " + describe(node));
      return Optional.empty();
    }
    return Optional.of(value.get().longValue());
  }

  static Optional<Boolean> bool(Node node, String path, ConfigProblems problems) {
    if (!isTagged(node, Tag.BOOL)) {
      problems.at(node, path, "must be true or false, got " + describe(node));
      return Optional.empty();
    }
    return Optional.of(TRUE.matcher(((ScalarNode) node).getValue()).matches());
  }

  /** Any plain or quoted scalar that is not null, as text (names may look like numbers). */
  static Optional<String> text(Node node, String path, ConfigProblems problems) {
    if (!(node instanceof ScalarNode scalar)
        || isTagged(node, Tag.NULL)
        || scalar.getValue().isBlank()) {
      problems.at(node, path, "must be a non-empty string, got " + describe(node));
      return Optional.empty();
    }
    return Optional.of(scalar.getValue());
  }

  /** A strategy parameter: Long, Double, Boolean or String. */
  static Optional<Object> plainValue(Node node, String path, ConfigProblems problems) {
    if (isTagged(node, Tag.INT)) {
      return integer(node, path, Bound.integerAtLeast(Long.MIN_VALUE / 2), problems).map(v -> v);
    }
    if (isTagged(node, Tag.FLOAT)) {
      return number(node, path, Bound.anyNumber(), problems).map(v -> v);
    }
    if (isTagged(node, Tag.BOOL)) {
      return bool(node, path, problems).map(v -> v);
    }
    if (isTagged(node, Tag.STR)) {
      return Optional.of(((ScalarNode) node).getValue());
    }
    problems.at(node, path, "must be a number, boolean or string, got " + describe(node));
    return Optional.empty();
  }

  static boolean isNull(Node node) {
    return isTagged(node, Tag.NULL);
  }

  /** How a value appears in a problem line: the text as written, or its kind. */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (isTagged(node, Tag.NULL)) {
      return "nothing";
    }
    String value = ((ScalarNode) node).getValue();
    String quoted = "\"" + value.replace("\"", "\\\"") + "\"";
    boolean numberInQuotes = Tag.STR.equals(node.getTag()) && parseFloat(value).isPresent();
    return numberInQuotes ? quoted + " (a quoted string; write the number without quotes)" : quoted;
  }

  private static boolean isTagged(Node node, Tag tag) {
    return node instanceof ScalarNode && tag.equals(node.getTag());
  }

  private static Optional<Double> parseFloat(String text) {
    String clean = text.replace("_", "");
    String lower = clean.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".inf") || lower.equals(".nan")) {
      return Optional.of(
          lower.equals(".nan")
              ? Double.NaN
              : lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    try {
      return Optional.of(Double.parseDouble(clean));
    } catch (NumberFormatException notDecimal) {
      return Optional.empty();
    }
  }

  /** YAML 1.1 integers: decimal, 0x hex, 0b binary, 0 octal, with optional sign and underscores. */
  private static Optional<BigInteger> parseInteger(String text) {
    String clean = text.replace("_", "");
    boolean negative = clean.startsWith("-");
    if (negative || clean.startsWith("+")) {
      clean = clean.substring(1);
    }
    try {
      BigInteger value;
      if (clean.startsWith("0x")) {
        value = new BigInteger(clean.substring(2), 16);
      } else if (clean.startsWith("0b")) {
        value = new BigInteger(clean.substring(2), 2);
      } else if (clean.length() > 1 && clean.startsWith("0")) {
        value = new BigInteger(clean.substring(1), 8);
      } else {
        value = new BigInteger(clean);
      }
      return Optional.of(negative ? value.negate() : value);
    } catch (NumberFormatException notInteger) {
      return Optional.empty();
    }
  }
}
