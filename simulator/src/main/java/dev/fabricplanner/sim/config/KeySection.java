package dev.fabricplanner.sim.config;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The keys of one config mapping ({@code topology.engine}, {@code signals}, ...), in the order the
 * resolved config writes them and CONFIG.md lists them.
 *
 * @param path the mapping's path in a config file
 * @param defaults the section's values when a file gives none (the source of every key's default)
 * @param keys its keys
 * @param build the section's record from its keys' values in a mapping (each key's {@code read}), or
 *     null for a section whose reader also checks keys against each other
 */
record KeySection<S>(
    String path, S defaults, List<ConfigKey<S, ?>> keys, BiFunction<YamlMap, S, S> build) {

  KeySection(String path, S defaults, List<ConfigKey<S, ?>> keys) {
    this(path, defaults, keys, null);
  }

  /** The section from its mapping; unknown keys are reported with the closest known one. */
  S read(YamlMap map) {
    S section = build.apply(map, defaults);
    map.finish();
    return section;
  }

  /** The section as the resolved config writes it; {@code note} gives a key path's comment. */
  YamlBlock write(S section, Function<String, String> note) {
    return write(section, path, note);
  }

  /** The section written at {@code at} (a list item's own path, {@code faults[2]}). */
  YamlBlock write(S section, String at, Function<String, String> note) {
    return writeInto(new YamlBlock(), section, at, note);
  }

  /** The section's keys appended to {@code block} (after a tagged mapping's {@code type}). */
  YamlBlock writeInto(YamlBlock block, S section, String at, Function<String, String> note) {
    for (ConfigKey<S, ?> key : keys) {
      key.write(block, section, join(at, key.name()), note);
    }
    return block;
  }

  /** A key's path under {@code prefix}; the top level has none. */
  static String join(String prefix, String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  /** The name a CONFIG.md marker gives this section ({@code top-level} for the root mapping). */
  String docName() {
    return path.isEmpty() ? "top-level" : path;
  }

  /** One row per key under {@code prefix}, a nested section's keys after its own row. */
  String docRows(String prefix) {
    StringBuilder rows = new StringBuilder();
    for (ConfigKey<S, ?> key : keys) {
      rows.append(key.docRow(prefix, defaults)).append('\n');
      // A nested section that CONFIG.md documents on its own is not repeated here.
      String at = join(prefix, key.name());
      if (key.type() instanceof KeyType.Nested<?> nested
          && !ConfigKeys.SECTIONS.contains(nested.section())) {
        rows.append(nested.section().docRows(at));
      }
      if (key.type() instanceof KeyType.ListOf<?> list
          && !ConfigKeys.SECTIONS.contains(list.section())) {
        rows.append(list.section().docRows(at + "[i]"));
      }
      if (key.type() instanceof KeyType.Tagged<?> tagged) {
        for (KeyType.Variant<?> variant : tagged.variants()) {
          rows.append(variant.section().docRows(at));
        }
      }
    }
    return rows.toString();
  }
}
