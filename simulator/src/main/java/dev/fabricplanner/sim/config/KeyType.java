package dev.fabricplanner.sim.config;

import java.util.List;
import java.util.ArrayList;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What one config key holds: how it is read (checked against its range, or its allowed values), how
 * the resolved config writes it, and how docs/CONFIG.md describes its type and default.
 *
 * @param <V> the value in the config records
 */
interface KeyType<V> {

  /** The key's value in {@code map}, or {@code fallback} when absent; problems are recorded there. */
  V read(YamlMap map, String key, V fallback);

  /**
   * A key a file must give: reported missing when absent (then a placeholder within its range, or
   * null for a name). Only numbers, integers and choices can be required.
   */
  default V readRequired(YamlMap map, String key) {
    throw new IllegalStateException(key + ": a " + describe() + " key cannot be required");
  }

  /**
   * Appends the key to {@code block}; a value that means "absent" writes nothing. {@code path} is
   * the key's full path ({@code topology.gpu_profiles[0].share}) and {@code note} gives the comment
   * for a path (null: none).
   */
  void write(YamlBlock block, String key, V value, String path, Function<String, String> note);

  /** The type column of CONFIG.md ("integer in [1, 64]", "`calibrated` or `roofline`"). */
  String describe();

  /** A value as CONFIG.md's default column shows it (Markdown). */
  String docDefault(V value);

  static KeyType<Double> number(Bound bound) {
    return new Scalar<>(bound, false);
  }

  static KeyType<Long> integer(Bound bound) {
    return new Scalar<>(bound, true);
  }

  static KeyType<Boolean> flag() {
    return new Flag();
  }

  static KeyType<String> choice(List<String> options) {
    return new Choice(options);
  }

  /** A name or path; the empty string means absent (and is not written). */
  static KeyType<String> optionalText(String what) {
    return new OptionalText(what);
  }

  /** A string a file may have to give; {@code wanted} says what, when it is missing. */
  static KeyType<String> text(String wanted) {
    return new Text(wanted);
  }

  /**
   * A list of strings, written {@code [a, b]}; {@code item} names one in problems, {@code wanted}
   * says what a required one holds. See {@link Strings}'s modifiers.
   */
  static Strings strings(String item, String wanted) {
    return new Strings(item, wanted, false, false, false, null, null);
  }

  /** A list of numbers, each within {@code bound}; a file must give it. */
  static KeyType<List<Double>> numbers(Bound bound) {
    return new Numbers(bound);
  }

  /**
   * A mapping tagged by {@code type}, one section of keys per tag ({@code workload.arrival}: poisson
   * or mmpp). {@code placeholder} stands in for a required one that is missing.
   */
  static <T> KeyType<T> tagged(T placeholder, List<Variant<? extends T>> variants) {
    return new Tagged<>(placeholder, variants);
  }

  /** Settings per strategy: {@code <strategy>: {<key>: number, boolean or string}}. */
  static KeyType<SortedMap<String, SortedMap<String, Object>>> settings() {
    return new Settings();
  }

  /** mesh-sim's {@code {min, max}} mapping of milliseconds. */
  static KeyType<DelayRange> range() {
    return new Range();
  }

  /** mesh-sim's {@code [min, max]} pair of milliseconds. */
  static KeyType<DelayRange> pair() {
    return new Pair();
  }

  /** A mapping of its own keys (mesh-sim's {@code inter_cell_coords}, {@code transport_ms}). */
  static <T> KeyType<T> nested(KeySection<T> section) {
    return new Nested<>(section);
  }

  /** A list of mappings, each of {@code section}'s keys ({@code gpu_profiles}, {@code faults}). */
  static <T> KeyType<List<T>> list(KeySection<T> section) {
    return new ListOf<>(section);
  }

  /** A distribution, of the kinds {@code field} accepts. */
  static KeyType<Distribution> distribution(DistributionField field, String unit) {
    return new DistributionKey(field, unit);
  }

  /** A key that is refused, with why, rather than read and ignored (docs/CONFIG.md). */
  static <V> KeyType<V> refused(String why) {
    return new Refused<>(why);
  }

  private static String noun(String described) {
    return described.startsWith("an ") ? described.substring(3)
        : described.startsWith("a ") ? described.substring(2) : described;
  }

  /** A number or an integer within a {@link Bound}. */
  record Scalar<V extends Number>(Bound bound, boolean integral) implements KeyType<V> {
    @Override
    @SuppressWarnings("unchecked")
    public V read(YamlMap map, String key, V fallback) {
      return integral
          ? (V) Long.valueOf(map.integer(key, fallback.longValue(), bound))
          : (V) Double.valueOf(map.number(key, fallback.doubleValue(), bound));
    }

    @Override
    @SuppressWarnings("unchecked")
    public V readRequired(YamlMap map, String key) {
      return integral
          ? (V) Long.valueOf(map.requiredInteger(key, bound))
          : (V) Double.valueOf(map.requiredNumber(key, bound));
    }

    @Override
    public void write(
        YamlBlock block, String key, V value, String path, Function<String, String> note) {
      block.scalar(key, text(value), note.apply(path));
    }

    private String text(V value) {
      return integral ? YamlBlock.integer(value.longValue()) : YamlBlock.number(value.doubleValue());
    }

    @Override
    public String describe() {
      return noun(bound.describe());
    }

    @Override
    public String docDefault(V value) {
      return "`" + text(value) + "`";
    }
  }

  record Flag() implements KeyType<Boolean> {
    @Override
    public Boolean read(YamlMap map, String key, Boolean fallback) {
      return map.bool(key, fallback);
    }

    @Override
    public void write(
        YamlBlock block, String key, Boolean value, String path, Function<String, String> note) {
      block.scalar(key, Boolean.toString(value), note.apply(path));
    }

    @Override
    public String describe() {
      return "boolean";
    }

    @Override
    public String docDefault(Boolean value) {
      return "`" + value + "`";
    }
  }

  record Choice(List<String> options) implements KeyType<String> {
    @Override
    public String read(YamlMap map, String key, String fallback) {
      return map.choice(key, options, fallback).orElse(fallback);
    }

    @Override
    public String readRequired(YamlMap map, String key) {
      return map.choice(key, options, null).orElse(null);
    }

    @Override
    public void write(
        YamlBlock block, String key, String value, String path, Function<String, String> note) {
      block.scalar(key, YamlBlock.string(value), note.apply(path));
    }

    @Override
    public String describe() {
      return or(options.stream().map(o -> "`" + o + "`").toList());
    }

    /** "a, b or c". */
    static String or(List<String> words) {
      if (words.size() == 1) {
        return words.get(0);
      }
      return String.join(", ", words.subList(0, words.size() - 1))
          + " or " + words.get(words.size() - 1);
    }

    @Override
    public String docDefault(String value) {
      return "`" + value + "`";
    }
  }

  record OptionalText(String what) implements KeyType<String> {
    @Override
    public String read(YamlMap map, String key, String fallback) {
      return map.text(key).orElse(fallback);
    }

    @Override
    public void write(
        YamlBlock block, String key, String value, String path, Function<String, String> note) {
      if (!value.isEmpty()) {
        block.scalar(key, YamlBlock.string(value), note.apply(path));
      }
    }

    @Override
    public String describe() {
      return what;
    }

    @Override
    public String docDefault(String value) {
      return value.isEmpty() ? "absent" : "`" + value + "`";
    }
  }

  record Text(String wanted) implements KeyType<String> {
    @Override
    public String read(YamlMap map, String key, String fallback) {
      return map.text(key).orElse(fallback);
    }

    @Override
    public String readRequired(YamlMap map, String key) {
      if (!map.has(key)) {
        map.missing(key, wanted);
        return "";
      }
      return read(map, key, "");
    }

    @Override
    public void write(
        YamlBlock block, String key, String value, String path, Function<String, String> note) {
      block.scalar(key, YamlBlock.string(value), note.apply(path));
    }

    @Override
    public String describe() {
      return "string";
    }

    @Override
    public String docDefault(String value) {
      return "`" + value + "`";
    }
  }

  /**
   * A list of strings.
   *
   * @param lines written one {@code - a} per line rather than {@code [a, b]}
   * @param nonEmpty a list that is given must hold at least one item
   * @param distinct an item listed twice is a problem
   * @param spelling the pattern every item must match (null: any string), described by {@code spelled}
   */
  record Strings(
      String item, String wanted, boolean lines, boolean nonEmpty, boolean distinct,
      Pattern spelling, String spelled) implements KeyType<List<String>> {
    Strings asLines() {
      return new Strings(item, wanted, true, nonEmpty, distinct, spelling, spelled);
    }

    Strings atLeastOne() {
      return new Strings(item, wanted, lines, true, distinct, spelling, spelled);
    }

    Strings distinctItems() {
      return new Strings(item, wanted, lines, nonEmpty, true, spelling, spelled);
    }

    Strings spelled(Pattern pattern, String described) {
      return new Strings(item, wanted, lines, nonEmpty, distinct, pattern, described);
    }

    @Override
    public List<String> read(YamlMap map, String key, List<String> fallback) {
      Optional<List<Node>> items = map.list(key);
      if (items.isEmpty()) {
        return fallback;
      }
      List<String> values = new ArrayList<>();
      for (int i = 0; i < items.get().size(); i++) {
        Node node = items.get().get(i);
        String path = map.pathOf(key) + "[" + i + "]";
        Optional<String> text = YamlScalar.text(node, path, map.problems());
        if (text.isEmpty()) {
          continue;
        }
        if (spelling != null && !spelling.matcher(text.get()).matches()) {
          map.problems().at(node, path, "must be " + spelled + ", got \"" + text.get() + "\"");
        } else if (distinct && values.contains(text.get())) {
          map.problems().at(node, path, "\"" + text.get() + "\" is listed twice");
        } else {
          values.add(text.get());
        }
      }
      if (nonEmpty && items.get().isEmpty()) {
        map.problem(key, "must list at least one " + item);
      }
      return values;
    }

    @Override
    public List<String> readRequired(YamlMap map, String key) {
      if (!map.has(key)) {
        map.missing(key, wanted);
        return List.of();
      }
      return read(map, key, List.of());
    }

    @Override
    public void write(
        YamlBlock block, String key, List<String> value, String path,
        Function<String, String> note) {
      List<String> texts = value.stream().map(YamlBlock::string).toList();
      if (lines) {
        block.lines(key, texts, note.apply(path));
      } else {
        block.scalars(key, texts, note.apply(path));
      }
    }

    @Override
    public String describe() {
      return "list of strings";
    }

    @Override
    public String docDefault(List<String> value) {
      return "`[" + String.join(", ", value) + "]`";
    }
  }

  record Numbers(Bound bound) implements KeyType<List<Double>> {
    @Override
    public List<Double> read(YamlMap map, String key, List<Double> fallback) {
      return map.has(key) ? readRequired(map, key) : fallback;
    }

    @Override
    public List<Double> readRequired(YamlMap map, String key) {
      return DistributionReader.numbers(map, key, bound);
    }

    @Override
    public void write(
        YamlBlock block, String key, List<Double> value, String path,
        Function<String, String> note) {
      block.scalars(key, value.stream().map(YamlBlock::number).toList(), note.apply(path));
    }

    @Override
    public String describe() {
      return "list of " + noun(bound.describe()).replaceFirst("^(number|integer)", "$1s");
    }

    @Override
    public String docDefault(List<Double> value) {
      return "`[" + String.join(", ", value.stream().map(YamlBlock::number).toList()) + "]`";
    }
  }

  /**
   * One kind of a tagged mapping: its {@code type} name, the record it reads into and the section of
   * its other keys (its build reads them; the tagged type has already read {@code type}).
   */
  record Variant<T>(String tag, Class<T> kind, KeySection<T> section) {
    YamlBlock write(Object value, String path, Function<String, String> note) {
      YamlBlock block = new YamlBlock().scalar("type", tag, note.apply(path + ".type"));
      return section.writeInto(block, kind.cast(value), path, note);
    }
  }

  record Tagged<T>(T placeholder, List<Variant<? extends T>> variants) implements KeyType<T> {
    private List<String> tags() {
      return variants.stream().map(Variant::tag).toList();
    }

    @Override
    public T read(YamlMap map, String key, T fallback) {
      Optional<YamlMap> found = map.map(key);
      if (found.isEmpty()) {
        return fallback;
      }
      YamlMap tagged = found.get();
      Optional<String> tag = tagged.choice("type", tags(), null);
      if (tag.isEmpty()) {
        // Which other keys belong here depends on the type: without one, naming them would be noise.
        return fallback;
      }
      return variants.get(tags().indexOf(tag.get())).section().read(tagged);
    }

    @Override
    public T readRequired(YamlMap map, String key) {
      if (!map.has(key)) {
        map.missing(key, "a mapping with type: " + Choice.or(tags()));
        return placeholder;
      }
      return read(map, key, placeholder);
    }

    @Override
    public void write(
        YamlBlock block, String key, T value, String path, Function<String, String> note) {
      for (Variant<? extends T> variant : variants) {
        if (variant.kind().isInstance(value)) {
          block.block(key, variant.write(value, path, note), note.apply(path));
          return;
        }
      }
      throw new IllegalStateException(path + ": no variant for " + value);
    }

    @Override
    public String describe() {
      return "mapping tagged by `type`: " + Choice.or(tags().stream().map(t -> "`" + t + "`").toList());
    }

    @Override
    public String docDefault(T value) {
      for (Variant<? extends T> variant : variants) {
        if (variant.kind().isInstance(value)) {
          return "`" + variant.write(value, "", path -> null).inline() + "`";
        }
      }
      return "required";
    }
  }

  record Settings() implements KeyType<SortedMap<String, SortedMap<String, Object>>> {
    @Override
    public SortedMap<String, SortedMap<String, Object>> read(
        YamlMap map, String key, SortedMap<String, SortedMap<String, Object>> fallback) {
      Optional<YamlMap> found = map.map(key);
      if (found.isEmpty()) {
        return fallback;
      }
      SortedMap<String, SortedMap<String, Object>> params = new TreeMap<>();
      for (String strategy : found.get().keys()) {
        found.get().map(strategy).ifPresent(block -> params.put(strategy, strategy(block)));
      }
      return params;
    }

    /** One strategy's settings: plain values, checked by the strategy itself. */
    static SortedMap<String, Object> strategy(YamlMap map) {
      SortedMap<String, Object> settings = new TreeMap<>();
      for (String key : map.keys()) {
        map.value(key)
            .flatMap(node -> YamlScalar.plainValue(node, map.pathOf(key), map.problems()))
            .ifPresent(value -> settings.put(key, value));
      }
      return settings;
    }

    @Override
    public void write(
        YamlBlock block, String key, SortedMap<String, SortedMap<String, Object>> value,
        String path, Function<String, String> note) {
      YamlBlock params = new YamlBlock();
      value.forEach(
          (strategy, settings) -> {
            YamlBlock one = new YamlBlock();
            settings.forEach((name, setting) -> one.scalar(name, plain(setting), null));
            params.block(strategy, one, note.apply(path + "." + strategy));
          });
      block.block(key, params, note.apply(path));
    }

    private static String plain(Object value) {
      if (value instanceof Double number) {
        // Keep a decimal point so that the value reads back as a Double, not a Long.
        String text = YamlBlock.number(number);
        return text.contains(".") || text.contains("E") ? text : text + ".0";
      }
      if (value instanceof String text) {
        return YamlBlock.string(text);
      }
      return String.valueOf(value);
    }

    @Override
    public String describe() {
      return "mapping";
    }

    @Override
    public String docDefault(SortedMap<String, SortedMap<String, Object>> value) {
      return "`{}`";
    }
  }

  record Range() implements KeyType<DelayRange> {
    @Override
    public DelayRange read(YamlMap map, String key, DelayRange fallback) {
      Optional<YamlMap> found = map.map(key);
      if (found.isEmpty()) {
        return fallback;
      }
      YamlMap range = found.get();
      double min = range.requiredNumber("min", Bound.nonNegative());
      double max = range.requiredNumber("max", Bound.nonNegative());
      range.finish();
      if (max < min) {
        range.problem("max", "must be >= min (" + Bound.format(min) + "), got " + Bound.format(max));
        return new DelayRange(min, min);
      }
      return new DelayRange(min, max);
    }

    @Override
    public void write(
        YamlBlock block, String key, DelayRange value, String path, Function<String, String> note) {
      block.block(
          key,
          new YamlBlock()
              .scalar("min", YamlBlock.number(value.min()), null)
              .scalar("max", YamlBlock.number(value.max()), null),
          note.apply(path));
    }

    @Override
    public String describe() {
      return "`{min, max}`, 0 <= min <= max";
    }

    @Override
    public String docDefault(DelayRange value) {
      return "`{min: " + YamlBlock.number(value.min()) + ", max: " + YamlBlock.number(value.max())
          + "}`";
    }
  }

  record Pair() implements KeyType<DelayRange> {
    @Override
    public DelayRange read(YamlMap map, String key, DelayRange fallback) {
      Optional<Node> node = map.value(key);
      if (node.isEmpty()) {
        return fallback;
      }
      String path = map.pathOf(key);
      ConfigProblems problems = map.problems();
      List<Node> items = YamlMap.items(node.get(), path, problems).orElse(null);
      if (items == null) {
        return new DelayRange(0, 0);
      }
      if (items.size() != 2) {
        problems.at(
            node.get(),
            path,
            "must be a [min, max] pair of milliseconds, got " + items.size() + " items");
        return new DelayRange(0, 0);
      }
      double min =
          YamlScalar.number(items.get(0), path + "[0]", Bound.nonNegative(), problems).orElse(0.0);
      double max =
          YamlScalar.number(items.get(1), path + "[1]", Bound.nonNegative(), problems).orElse(min);
      if (max < min) {
        problems.at(
            items.get(1),
            path + "[1]",
            "must be >= the minimum (" + Bound.format(min) + "), got " + Bound.format(max));
        return new DelayRange(min, min);
      }
      return new DelayRange(min, max);
    }

    @Override
    public void write(
        YamlBlock block, String key, DelayRange value, String path, Function<String, String> note) {
      block.scalars(
          key, List.of(YamlBlock.number(value.min()), YamlBlock.number(value.max())), note.apply(path));
    }

    @Override
    public String describe() {
      return "`[min, max]`, 0 <= min <= max";
    }

    @Override
    public String docDefault(DelayRange value) {
      return "`[" + YamlBlock.number(value.min()) + ", " + YamlBlock.number(value.max()) + "]`";
    }
  }

  record Nested<T>(KeySection<T> section) implements KeyType<T> {
    @Override
    public T read(YamlMap map, String key, T fallback) {
      return map.map(key).map(section::read).orElse(fallback);
    }

    @Override
    public void write(
        YamlBlock block, String key, T value, String path, Function<String, String> note) {
      block.block(key, section.write(value, path, note), note.apply(path));
    }

    @Override
    public String describe() {
      return "mapping";
    }

    @Override
    public String docDefault(T value) {
      return "see below";
    }
  }

  record DistributionKey(DistributionField field, String unit) implements KeyType<Distribution> {
    @Override
    public Distribution read(YamlMap map, String key, Distribution fallback) {
      return DistributionReader.read(map, key, field, fallback);
    }

    @Override
    public void write(
        YamlBlock block, String key, Distribution value, String path, Function<String, String> note) {
      block.block(key, ConfigWriter.distribution(value, field), note.apply(path));
    }

    @Override
    public String describe() {
      return "distribution (" + unit + "): " + String.join(", ", field.kinds);
    }

    @Override
    public String docDefault(Distribution value) {
      return "`" + ConfigWriter.distribution(value, field).inline() + "`";
    }
  }

  record Refused<V>(String why) implements KeyType<V> {
    @Override
    public V read(YamlMap map, String key, V fallback) {
      map.refuse(key, why);
      return fallback;
    }

    @Override
    public void write(
        YamlBlock block, String key, V value, String path, Function<String, String> note) {}

    @Override
    public String describe() {
      return "refused";
    }

    @Override
    public String docDefault(V value) {
      return "—";
    }
  }

  record ListOf<T>(KeySection<T> section) implements KeyType<List<T>> {
    @Override
    public List<T> read(YamlMap map, String key, List<T> fallback) {
      Optional<List<Node>> items = map.list(key);
      if (items.isEmpty()) {
        return fallback;
      }
      List<T> values = new ArrayList<>();
      for (int i = 0; i < items.get().size(); i++) {
        YamlMap.of(items.get().get(i), map.pathOf(key) + "[" + i + "]", map.problems())
            .map(section::read)
            .ifPresent(values::add);
      }
      return values;
    }

    @Override
    public void write(
        YamlBlock block, String key, List<T> value, String path, Function<String, String> note) {
      List<YamlBlock> items = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        items.add(section.write(value.get(i), path + "[" + i + "]", note));
      }
      block.blocks(key, items, List.of(), note.apply(path));
    }

    @Override
    public String describe() {
      return "list of mappings";
    }

    @Override
    public String docDefault(List<T> value) {
      return value.isEmpty() ? "`[]`" : "see below";
    }
  }
}
