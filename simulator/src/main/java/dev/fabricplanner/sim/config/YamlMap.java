package dev.fabricplanner.sim.config;

import dev.fabricplanner.core.NameHint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping being read into a record. Every key the reader asks for is remembered, so that
 * {@link #finish()} can report the keys nobody asked for as unknown, with the closest known key as
 * a hint. Optional readers return the default when a key is absent or null (mesh-sim writes absent
 * options as {@code null}); a bad value is reported and replaced by a placeholder so that reading
 * goes on and every problem is found in one pass.
 */
final class YamlMap {
  private final MappingNode node;
  private final String path;
  private final ConfigProblems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();

  private YamlMap(MappingNode node, String path, ConfigProblems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    collect(node, true);
  }

  /** The mapping at {@code node}, or empty (after reporting) when it is something else. */
  static Optional<YamlMap> of(Node node, String path, ConfigProblems problems) {
    if (node instanceof MappingNode mapping) {
      return Optional.of(new YamlMap(mapping, path, problems));
    }
    problems.at(
        node, path, "must be a mapping of keys to values, got " + YamlScalar.describe(node));
    return Optional.empty();
  }

  String path() {
    return path;
  }

  Node node() {
    return node;
  }

  ConfigProblems problems() {
    return problems;
  }

  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The value of {@code key}, or empty when it is absent or null; marks the key as known. */
  Optional<Node> value(String key) {
    known.add(key);
    NodeTuple entry = entries.get(key);
    if (entry == null || YamlScalar.isNull(entry.getValueNode())) {
      return Optional.empty();
    }
    return Optional.of(entry.getValueNode());
  }

  /** Every key present, in file order (for free-form mappings such as strategy settings). */
  List<String> keys() {
    return new ArrayList<>(entries.keySet());
  }

  boolean has(String key) {
    known.add(key);
    NodeTuple entry = entries.get(key);
    return entry != null && !YamlScalar.isNull(entry.getValueNode());
  }

  /** Reports that a required key is missing, at the mapping's own position. */
  void missing(String key, String wanted) {
    problems.at(node, pathOf(key), "required, " + wanted + "; it is missing");
  }

  /** Reports a problem with {@code key}'s value (or the mapping, when the key is absent). */
  void problem(String key, String message) {
    NodeTuple entry = entries.get(key);
    problems.at(entry == null ? node : entry.getValueNode(), pathOf(key), message);
  }

  /**
   * Refuses a key this simulator would accept but never use (mesh-sim's, mostly): silently ignoring
   * it would let a user believe it changes the result.
   */
  void refuse(String key, String why) {
    if (has(key)) {
      problem(key, "not used here (" + why + "); remove it (docs/CONFIG.md)");
    }
  }

  double number(String key, double fallback, Bound bound) {
    return value(key)
        .map(v -> YamlScalar.number(v, pathOf(key), bound, problems).orElse(bound.placeholder()))
        .orElse(fallback);
  }

  double requiredNumber(String key, Bound bound) {
    if (!has(key)) {
      missing(key, bound.describe());
      return bound.placeholder();
    }
    return number(key, bound.placeholder(), bound);
  }

  long integer(String key, long fallback, Bound bound) {
    return value(key)
        .map(
            v ->
                YamlScalar.integer(v, pathOf(key), bound, problems)
                    .orElse((long) bound.placeholder()))
        .orElse(fallback);
  }

  long requiredInteger(String key, Bound bound) {
    if (!has(key)) {
      missing(key, bound.describe());
      return (long) bound.placeholder();
    }
    return integer(key, (long) bound.placeholder(), bound);
  }

  boolean bool(String key, boolean fallback) {
    return value(key)
        .map(v -> YamlScalar.bool(v, pathOf(key), problems).orElse(fallback))
        .orElse(fallback);
  }

  Optional<String> text(String key) {
    return value(key).flatMap(v -> YamlScalar.text(v, pathOf(key), problems));
  }

  /**
   * One of a fixed set of names (a {@code type} or {@code dist} tag, a kind); empty after reporting
   * an unknown name, or when absent and {@code fallback} is null (reported as missing).
   */
  Optional<String> choice(String key, List<String> options, String fallback) {
    Optional<Node> value = value(key);
    if (value.isEmpty()) {
      if (fallback == null) {
        missing(key, "one of: " + String.join(", ", options));
      }
      return Optional.ofNullable(fallback);
    }
    Optional<String> name = YamlScalar.text(value.get(), pathOf(key), problems);
    if (name.isPresent() && !options.contains(name.get())) {
      problems.at(
          value.get(),
          pathOf(key),
          "unknown " + key + " \"" + name.get() + "\"" + NameHint.hint(name.get(), options));
      return Optional.empty();
    }
    return name;
  }

  /** The mapping under {@code key}, or empty when absent (or reported when not a mapping). */
  Optional<YamlMap> map(String key) {
    return value(key).flatMap(v -> of(v, pathOf(key), problems));
  }

  Optional<YamlMap> requiredMap(String key, String wanted) {
    if (!has(key)) {
      missing(key, wanted);
      return Optional.empty();
    }
    return map(key);
  }

  /**
   * The items of the list under {@code key}, or empty when absent (or reported when not a list).
   */
  Optional<List<Node>> list(String key) {
    return value(key).flatMap(v -> items(v, pathOf(key), problems));
  }

  static Optional<List<Node>> items(Node node, String path, ConfigProblems problems) {
    if (node instanceof SequenceNode sequence) {
      return Optional.of(new ArrayList<>(sequence.getValue()));
    }
    problems.at(node, path, "must be a list, got " + YamlScalar.describe(node));
    return Optional.empty();
  }

  /** Reports every key that no reader asked for, with the closest known key as a hint. */
  void finish() {
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!known.contains(entry.getKey())) {
        problems.at(
            entry.getValue().getKeyNode(),
            pathOf(entry.getKey()),
            "unknown key" + NameHint.hint(entry.getKey(), known));
      }
    }
  }

  /**
   * Keys in file order; {@code <<} merge keys add the merged mapping's keys that are not set here.
   */
  private void collect(MappingNode mapping, boolean reportDuplicates) {
    List<MappingNode> merges = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (Tag.MERGE.equals(keyNode.getTag())
          && tuple.getValueNode() instanceof MappingNode merged) {
        merges.add(merged);
        continue;
      }
      if (!(keyNode instanceof ScalarNode scalar) || YamlScalar.isNull(keyNode)) {
        problems.at(keyNode, path, "keys must be plain names, got " + YamlScalar.describe(keyNode));
        continue;
      }
      NodeTuple earlier = entries.putIfAbsent(scalar.getValue(), tuple);
      if (earlier != null && reportDuplicates) {
        problems.at(
            keyNode,
            pathOf(scalar.getValue()),
            "duplicate key (first set on line "
                + (earlier.getKeyNode().getStartMark().getLine() + 1)
                + ")");
      }
    }
    for (MappingNode merged : merges) {
      collect(merged, false);
    }
  }
}
