package dev.fabricplanner.sim.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A resolved config as a plain tree of maps, lists and scalars, addressed by dotted paths with list
 * indices ({@code topology.gpu_profiles[0].share}). Grid axes are applied here and the tree is written
 * back to YAML for the config reader, so that the reader's own validation judges every value.
 */
final class ConfigTree {
  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+\\])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)\\]");

  private final Map<String, Object> root;

  private ConfigTree(Map<String, Object> root) {
    this.root = root;
  }

  @SuppressWarnings("unchecked")
  static ConfigTree parse(String yaml) {
    Object loaded = new Yaml(new LoaderOptions()).load(yaml);
    return new ConfigTree((Map<String, Object>) loaded);
  }

  Map<String, Object> root() {
    return root;
  }

  ConfigTree copy() {
    @SuppressWarnings("unchecked")
    Map<String, Object> copied = (Map<String, Object>) deepCopy(root);
    return new ConfigTree(copied);
  }

  /** The path's segments (keys and list indices), or empty when the path is not well formed. */
  static Optional<List<Object>> segments(String path) {
    List<Object> segments = new ArrayList<>();
    for (String part : path.split("\\.", -1)) {
      Matcher m = SEGMENT.matcher(part);
      if (!m.matches()) {
        return Optional.empty();
      }
      segments.add(m.group(1));
      Matcher index = INDEX.matcher(m.group(2));
      while (index.find()) {
        segments.add(Integer.parseInt(index.group(1)));
      }
    }
    return Optional.of(segments);
  }

  /** The value at the path, or empty when a key or index along it is missing. */
  Optional<Object> get(String path) {
    Object node = root;
    for (Object segment : segments(path).orElse(List.of(new Object()))) {
      node = child(node, segment);
      if (node == null) {
        return Optional.empty();
      }
    }
    return Optional.of(node);
  }

  /**
   * Replaces the value at an existing path. A single value given for a list key becomes a one-item
   * list, so that {@code strategies: [a, b]} as an axis means one strategy per run.
   */
  @SuppressWarnings("unchecked")
  void set(String path, Object value) {
    List<Object> segments = segments(path).orElseThrow();
    Object parent = root;
    for (Object segment : segments.subList(0, segments.size() - 1)) {
      parent = child(parent, segment);
    }
    Object last = segments.get(segments.size() - 1);
    Object old = child(parent, last);
    Object replacement =
        old instanceof List<?> && !(value instanceof List<?>) && !(value instanceof Map<?, ?>)
            ? new ArrayList<>(List.of(value))
            : deepCopy(value);
    if (last instanceof Integer i) {
      ((List<Object>) parent).set(i, replacement);
    } else {
      ((Map<String, Object>) parent).put((String) last, replacement);
    }
  }

  String toYaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(options).dump(root);
  }

  private static Object child(Object node, Object segment) {
    if (segment instanceof Integer i) {
      return node instanceof List<?> list && i < list.size() ? list.get(i) : null;
    }
    return node instanceof Map<?, ?> map ? map.get(segment) : null;
  }

  static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, deepCopy(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(deepCopy(v)));
      return copy;
    }
    return value;
  }
}
