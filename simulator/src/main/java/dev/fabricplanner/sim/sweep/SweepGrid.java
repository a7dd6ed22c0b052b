package dev.fabricplanner.sim.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.ConfigWriter;
import dev.fabricplanner.sim.config.SimulationConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A sweep grid file expanded into indexed runs. The file names a base config (a path relative to the
 * grid file, or the config inline), optional fixed overrides ({@code set}), axes (config keys by path,
 * or {@code planner sim} options starting with {@code --}) and optional {@code exclude} entries. Runs
 * are the cartesian product of the axes, the last axis varying fastest, minus the excluded ones.
 *
 * <p>Every path is checked against the base config as resolved (every default filled in), and every
 * axis value is checked alone by the config reader, so that a grid fails before any run starts.
 */
public final class SweepGrid {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KEYS = Set.of("base", "set", "axes", "exclude");
  private static final int SLUG_CHARS = 80;

  private final String name;
  private final ConfigTree base;
  private final Map<String, Object> fixed;
  private final List<GridAxis> axes;
  private final List<Map<String, Object>> excludes;
  private final List<SweepRun> runs;
  private final String fingerprint;

  private SweepGrid(String name, ConfigTree base, Map<String, Object> fixed, List<GridAxis> axes,
      List<Map<String, Object>> excludes) throws InvalidInputException {
    this.name = name;
    this.base = base;
    this.fixed = fixed;
    this.axes = List.copyOf(axes);
    this.excludes = List.copyOf(excludes);
    this.runs = expand();
    this.fingerprint = hash(canonical()).substring(0, 16);
  }

  /** Reads and checks the grid in {@code file}. */
  public static SweepGrid load(Path file) throws InvalidInputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + ": cannot read the grid: no such file");
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read the grid: " + e.getMessage());
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, file.toString(), dir);
  }

  /** The grid in {@code text}; {@code name} names it in problems, a relative base is read from dir. */
  public static SweepGrid parse(String text, String name, Path dir) throws InvalidInputException {
    Object loaded;
    try {
      loaded = new Yaml(new LoaderOptions()).load(text);
    } catch (YAMLException e) {
      throw new InvalidInputException(
          name + ": YAML syntax: " + e.getMessage().replaceAll("\\s*\\n\\s*", " ").trim());
    }
    if (!(loaded instanceof Map<?, ?> top)) {
      throw new InvalidInputException(
          name + ": a grid is a mapping with base, axes and optionally set and exclude");
    }
    for (Object key : top.keySet()) {
      if (!KEYS.contains(String.valueOf(key))) {
        throw new InvalidInputException(
            name + ": " + key + ": unknown key; a grid has base, set, axes and exclude");
      }
    }
    ConfigTree base = base(top.get("base"), name, dir);
    Map<String, Object> fixed = stringMap(top.get("set"), name, "set");
    for (Map.Entry<String, Object> entry : fixed.entrySet()) {
      checkKey(base, entry.getKey(), name, "set." + entry.getKey());
      if (!entry.getKey().startsWith("--")) {
        apply(base, entry.getKey(), entry.getValue());
      }
    }
    if (!fixed.isEmpty()) {
      // Re-resolved, so that the overrides are checked and the self-contained copy has the same base.
      base = ConfigTree.parse(ConfigWriter.toYaml(read(base, name + ": set")));
    }
    List<GridAxis> axes = axes(top.get("axes"), base, name);
    List<Map<String, Object>> excludes = excludes(top.get("exclude"), axes, name);
    checkValues(base, axes, name);
    return new SweepGrid(name, base, fixed, axes, excludes);
  }

  public String name() {
    return name;
  }

  public List<GridAxis> axes() {
    return axes;
  }

  public List<SweepRun> runs() {
    return runs;
  }

  /** Identifies the expanded grid: the same base, overrides, axes and exclusions give the same value. */
  public String fingerprint() {
    return fingerprint;
  }

  /** The run at {@code index}, or a clear problem when the index is outside the grid. */
  public SweepRun run(int index) throws InvalidInputException {
    if (index < 0 || index >= runs.size()) {
      throw new InvalidInputException(name + ": index " + index + " is outside the grid (0 to "
          + (runs.size() - 1) + ", " + runs.size() + " runs)");
    }
    return runs.get(index);
  }

  /** The run's config as YAML: the resolved base with the fixed overrides and the run's values. */
  public String configYaml(SweepRun run) {
    ConfigTree tree = base.copy();
    run.params().forEach((key, value) -> {
      if (!key.startsWith("--")) {
        apply(tree, key, value);
      }
    });
    return tree.toYaml();
  }

  /**
   * The grid with its base inlined, as YAML: a copy that needs no other file (for a Kubernetes
   * ConfigMap); it expands to the same runs and has the same fingerprint.
   */
  public String selfContainedYaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(options).dump(frozen());
  }

  private Map<String, Object> frozen() {
    Map<String, Object> frozen = new LinkedHashMap<>();
    frozen.put("base", base.root());
    Map<String, Object> options = new LinkedHashMap<>();
    fixed.forEach((k, v) -> {
      if (k.startsWith("--")) {
        options.put(k, v);
      }
    });
    if (!options.isEmpty()) {
      frozen.put("set", options);
    }
    Map<String, Object> axisMap = new LinkedHashMap<>();
    axes.forEach(a -> axisMap.put(a.key(), a.values()));
    frozen.put("axes", axisMap);
    if (!excludes.isEmpty()) {
      frozen.put("exclude", excludes);
    }
    return frozen;
  }

  private String canonical() {
    return json(frozen());
  }

  private List<SweepRun> expand() throws InvalidInputException {
    List<SweepRun> expanded = new ArrayList<>();
    int[] position = new int[axes.size()];
    long total = 1;
    for (GridAxis axis : axes) {
      total *= axis.values().size();
      if (total > 10_000_000) {
        throw new InvalidInputException(name + ": the grid has over 10,000,000 runs; split it");
      }
    }
    for (long n = 0; n < total; n++) {
      Map<String, Object> params = new LinkedHashMap<>();
      for (int a = 0; a < axes.size(); a++) {
        params.put(axes.get(a).key(), axes.get(a).values().get(position[a]));
      }
      if (!excluded(params)) {
        expanded.add(new SweepRun(expanded.size(), runId(params), params, simArgs(params)));
      }
      for (int a = axes.size() - 1; a >= 0; a--) {
        if (++position[a] < axes.get(a).values().size()) {
          break;
        }
        position[a] = 0;
      }
    }
    if (expanded.isEmpty()) {
      throw new InvalidInputException(name + ": exclude: every run of the grid is excluded; nothing to run");
    }
    return expanded;
  }

  private List<String> simArgs(Map<String, Object> params) {
    List<String> args = new ArrayList<>();
    Map<String, Object> options = new LinkedHashMap<>();
    fixed.forEach((k, v) -> {
      if (k.startsWith("--")) {
        options.put(k, v);
      }
    });
    params.forEach((k, v) -> {
      if (k.startsWith("--")) {
        options.put(k, v);
      }
    });
    options.forEach((k, v) -> {
      args.add(k);
      args.add(String.valueOf(v));
    });
    return args;
  }

  private boolean excluded(Map<String, Object> params) {
    for (Map<String, Object> exclude : excludes) {
      boolean all = true;
      for (Map.Entry<String, Object> entry : exclude.entrySet()) {
        if (!json(entry.getValue()).equals(json(params.get(entry.getKey())))) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /** A readable slug of the values and a hash of the canonical parameters: stable across grids. */
  static String runId(Map<String, Object> params) {
    StringBuilder slug = new StringBuilder();
    for (Map.Entry<String, Object> entry : params.entrySet()) {
      String key = entry.getKey().replaceFirst("^--", "");
      String leaf = key.substring(key.lastIndexOf('.') + 1).replaceAll("\\[\\d+\\]$", "");
      if (slug.length() > 0) {
        slug.append('_');
      }
      slug.append(leaf).append('-').append(valueSlug(entry.getValue()));
    }
    String readable = slug.toString().replaceAll("[^A-Za-z0-9.+_-]", "-");
    if (readable.length() > SLUG_CHARS) {
      readable = readable.substring(0, SLUG_CHARS);
    }
    return readable + "-" + hash(json(new java.util.TreeMap<>(params))).substring(0, 8);
  }

  private static String valueSlug(Object value) {
    if (value instanceof List<?> list) {
      return String.join("+", list.stream().map(SweepGrid::valueSlug).toList());
    }
    if (value instanceof Map<?, ?>) {
      return hash(json(value)).substring(0, 6);
    }
    String text = String.valueOf(value);
    int slash = text.lastIndexOf('/');
    return slash >= 0 ? text.substring(slash + 1) : text;
  }

  private static ConfigTree base(Object value, String name, Path dir) throws InvalidInputException {
    SimulationConfig config;
    if (value instanceof String path) {
      config = ConfigLoader.load(dir.resolve(path));
    } else if (value instanceof Map<?, ?> inline) {
      DumperOptions options = new DumperOptions();
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      config = ConfigLoader.parse(new Yaml(options).dump(inline), name + " base");
    } else {
      throw new InvalidInputException(
          name + ": base: missing; give the base config's path (relative to the grid) or the config inline");
    }
    return ConfigTree.parse(ConfigWriter.toYaml(config));
  }

  private static List<GridAxis> axes(Object value, ConfigTree base, String name)
      throws InvalidInputException {
    Map<String, Object> map = stringMap(value, name, "axes");
    if (map.isEmpty()) {
      throw new InvalidInputException(
          name + ": axes: missing or empty; list at least one config key (or --option) with its values");
    }
    List<GridAxis> axes = new ArrayList<>();
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      String field = "axes." + entry.getKey();
      checkKey(base, entry.getKey(), name, field);
      if (!(entry.getValue() instanceof List<?> list)) {
        throw new InvalidInputException(name + ": " + field + ": must be a list of values");
      }
      if (list.isEmpty()) {
        throw new InvalidInputException(name + ": " + field + ": no values; an axis needs at least one");
      }
      Set<String> seen = new HashSet<>();
      for (Object v : list) {
        if (v == null) {
          throw new InvalidInputException(name + ": " + field + ": a value is empty (null)");
        }
        if (!seen.add(json(v))) {
          throw new InvalidInputException(name + ": " + field + ": " + json(v)
              + " appears more than once; each value of an axis must be distinct");
        }
        if (entry.getKey().startsWith("--") && (v instanceof Map<?, ?> || v instanceof List<?>)) {
          throw new InvalidInputException(
              name + ": " + field + ": " + json(v) + ": a planner sim option takes single values");
        }
      }
      axes.add(new GridAxis(entry.getKey(), new ArrayList<>(list)));
    }
    return axes;
  }

  private static List<Map<String, Object>> excludes(Object value, List<GridAxis> axes, String name)
      throws InvalidInputException {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidInputException(
          name + ": exclude: must be a list of {axis: value, ...} entries");
    }
    Set<String> axisKeys = new HashSet<>(axes.stream().map(GridAxis::key).toList());
    List<Map<String, Object>> excludes = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Map<String, Object> entry = stringMap(list.get(i), name, "exclude[" + i + "]");
      if (entry.isEmpty()) {
        throw new InvalidInputException(name + ": exclude[" + i + "]: empty; it would exclude every run");
      }
      for (String key : entry.keySet()) {
        if (!axisKeys.contains(key)) {
          throw new InvalidInputException(
              name + ": exclude[" + i + "]." + key + ": not an axis of this grid (axes: "
                  + String.join(", ", axisKeys.stream().sorted().toList()) + ")");
        }
      }
      excludes.add(entry);
    }
    return excludes;
  }

  private static void checkKey(ConfigTree base, String key, String name, String field)
      throws InvalidInputException {
    if (key.startsWith("--")) {
      if (!key.matches("--[a-z][a-z0-9-]*")) {
        throw new InvalidInputException(name + ": " + field + ": not a planner sim option name");
      }
      return;
    }
    if (ConfigTree.segments(key).isEmpty()) {
      throw new InvalidInputException(
          name + ": " + field + ": not a config key path (want keys joined by dots, e.g. workload.arrival.rps)");
    }
    if (base.get(key).isEmpty()) {
      throw new InvalidInputException(
          name + ": " + field + ": the base config has no key " + key
              + " (paths follow the resolved config, as planner sim writes it to config.yaml)");
    }
  }

  /** Each value alone on the base, read by the config reader: a bad value is named by its axis. */
  private static void checkValues(ConfigTree base, List<GridAxis> axes, String name)
      throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    for (GridAxis axis : axes) {
      if (axis.isSimOption()) {
        continue;
      }
      for (int i = 0; i < axis.values().size(); i++) {
        ConfigTree tree = base.copy();
        apply(tree, axis.key(), axis.values().get(i));
        try {
          read(tree, name + ": axes." + axis.key() + "[" + i + "] = " + json(axis.values().get(i)));
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  /**
   * Sets one key. Choosing strategies drops the settings of strategies the run does not run, which the
   * config reader would otherwise refuse as unknown.
   */
  @SuppressWarnings("unchecked")
  private static void apply(ConfigTree tree, String key, Object value) {
    tree.set(key, value);
    if (key.equals("strategies") && tree.get("strategy_params").orElse(null) instanceof Map<?, ?> params) {
      List<Object> chosen = (List<Object>) tree.get("strategies").orElseThrow();
      ((Map<String, Object>) params).keySet().removeIf(name -> !chosen.contains(name));
    }
  }

  /**
   * The tree read by the config reader; its problems are named by {@code label} (the grid entry
   * that made the tree) instead of by lines of YAML the user never wrote.
   */
  private static SimulationConfig read(ConfigTree tree, String label) throws InvalidInputException {
    try {
      return ConfigLoader.parse(tree.toYaml(), "");
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.problems().stream()
          .map(p -> label + ": " + p.replaceFirst("^(:\\d+:\\d+)?: ", "")).toList());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stringMap(Object value, String name, String field)
      throws InvalidInputException {
    if (value == null) {
      return new LinkedHashMap<>();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidInputException(name + ": " + field + ": must be a mapping of keys to values");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    ((Map<Object, Object>) map).forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }

  /** A value as compact JSON: the canonical text ids, exclusions and points compare. */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a YAML value that JSON cannot hold: " + value, e);
    }
  }

  static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
