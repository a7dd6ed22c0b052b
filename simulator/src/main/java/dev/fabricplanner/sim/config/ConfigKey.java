package dev.fabricplanner.sim.config;

import java.util.function.Function;

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
 * @param shownDefault CONFIG.md's default column when the defaults record does not say it well
 *     (a catalog value, "every cell"); null: the default record's value
 * @param doc the meaning column of CONFIG.md (Markdown, one line)
 */
record ConfigKey<S, V>(
    String name, KeyType<V> type, Function<S, V> value, String shownDefault, String doc) {

  static <S, V> ConfigKey<S, V> of(
      String name, KeyType<V> type, Function<S, V> value, String doc) {
    return new ConfigKey<>(name, type, value, null, doc);
  }

  /** A key that is refused with {@code why} (one problem line), documented by {@code doc}. */
  static <S> ConfigKey<S, Object> refused(String name, String why, String doc) {
    return new ConfigKey<>(name, KeyType.refused(why), s -> null, null, doc);
  }

  /** The same key with CONFIG.md's default column spelled out. */
  ConfigKey<S, V> shownDefault(String text) {
    return new ConfigKey<>(name, type, value, text, doc);
  }

  /** Reads the key from its section's mapping; absent: its value in {@code defaults}. */
  V read(YamlMap section, S defaults) {
    return type.read(section, name, value.apply(defaults));
  }

  void write(YamlBlock block, S section, String comment) {
    type.write(block, name, value.apply(section), comment);
  }

  /** CONFIG.md's row for this key under {@code path}, defaults from {@code defaults}. */
  String docRow(String path, S defaults) {
    String shown = shownDefault != null ? shownDefault : type.docDefault(value.apply(defaults));
    return "| `" + path + "." + name + "` | " + type.describe() + " | " + shown + " | " + doc + " |";
  }
}
