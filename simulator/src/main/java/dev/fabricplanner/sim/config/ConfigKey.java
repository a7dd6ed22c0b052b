package dev.fabricplanner.sim.config;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One config key, described once: its name within its section, what it holds, where its value lives
 * in the section's record (which also gives its default, from the section's defaults), and one line
 * of documentation. The reader, the resolved-config writer and docs/CONFIG.md all use it.
 *
 * @param <S> the section's record ({@link EngineSettings}, {@link SignalConfig}, ...)
 * @param <V> the key's value
 * @param name the key within its section's mapping
 * @param type what it holds, its range and its spelling in files and docs
 * @param value the key's value in the section's record
 * @param mandatory whether a file must give it (then it has no default)
 * @param written whether the resolved config writes it for a given section (a key whose value means
 *     "absent", or that applies to some kinds only, is left out)
 * @param shownType CONFIG.md's type column when the type alone does not say it (a range that depends
 *     on other keys); null: the type's own description
 * @param shownDefault CONFIG.md's default column when the defaults record does not say it well
 *     (a catalog value, "every cell"); null: the default record's value, or "required"
 * @param doc the meaning column of CONFIG.md (Markdown, one line)
 */
record ConfigKey<S, V>(
    String name,
    KeyType<V> type,
    Function<S, V> value,
    boolean mandatory,
    Predicate<S> written,
    String shownType,
    String shownDefault,
    String doc) {

  static <S, V> ConfigKey<S, V> of(
      String name, KeyType<V> type, Function<S, V> value, String doc) {
    return new ConfigKey<>(name, type, value, false, s -> true, null, null, doc);
  }

  /** A key that is refused with {@code why} (one problem line), documented by {@code doc}. */
  static <S> ConfigKey<S, Object> refused(String name, String why, String doc) {
    return new ConfigKey<>(name, KeyType.refused(why), s -> null, false, s -> false, null, null, doc);
  }

  /** The same key, which a file must give. */
  ConfigKey<S, V> required() {
    return new ConfigKey<>(name, type, value, true, written, shownType, shownDefault, doc);
  }

  /** The same key, written only for sections that pass {@code test}. */
  ConfigKey<S, V> writtenWhen(Predicate<S> test) {
    return new ConfigKey<>(name, type, value, mandatory, test, shownType, shownDefault, doc);
  }

  /** The same key with CONFIG.md's type column spelled out. */
  ConfigKey<S, V> shownType(String text) {
    return new ConfigKey<>(name, type, value, mandatory, written, text, shownDefault, doc);
  }

  /** The same key with CONFIG.md's default column spelled out. */
  ConfigKey<S, V> shownDefault(String text) {
    return new ConfigKey<>(name, type, value, mandatory, written, shownType, text, doc);
  }

  /** Reads the key from its section's mapping; absent: its value in {@code defaults}. */
  V read(YamlMap section, S defaults) {
    return type.read(section, name, value.apply(defaults));
  }

  /** Reads a required key, reporting it missing (then a placeholder, or null for a name). */
  V require(YamlMap section) {
    return type.readRequired(section, name);
  }

  /** Reads the key; absent: {@code fallback} (a default that depends on other keys). */
  V readOr(YamlMap section, V fallback) {
    return type.read(section, name, fallback);
  }

  /**
   * Reads a number or integer key whose range depends on other keys ({@code faults[i].cell} and
   * {@code topology.cells}): {@code bound} replaces the type's own.
   */
  @SuppressWarnings("unchecked")
  V readWithin(YamlMap section, S defaults, Bound bound) {
    if (!(type instanceof KeyType.Scalar<?> scalar)) {
      throw new IllegalStateException(name + " is no number or integer key");
    }
    KeyType<V> within = (KeyType<V>) (KeyType<?>) new KeyType.Scalar<Double>(bound, scalar.integral());
    return within.read(section, name, value.apply(defaults));
  }

  void write(YamlBlock block, S section, String path, Function<String, String> note) {
    if (written.test(section)) {
      type.write(block, name, value.apply(section), path, note);
    }
  }

  /** CONFIG.md's row for this key under {@code path}, defaults from {@code defaults}. */
  String docRow(String path, S defaults) {
    String shown =
        shownDefault != null
            ? shownDefault
            : mandatory ? "required" : type.docDefault(value.apply(defaults));
    return "| `" + KeySection.join(path, name) + "` | " + (shownType != null ? shownType : type.describe())
        + " | " + shown + " | " + doc + " |";
  }
}
