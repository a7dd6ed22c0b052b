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
    YamlBlock block = new YamlBlock();
    for (ConfigKey<S, ?> key : keys) {
      key.write(block, section, at + "." + key.name(), note);
    }
    return block;
  }

  /** One row per key under {@code prefix}, a nested section's keys after its own row. */
  String docRows(String prefix) {
    StringBuilder rows = new StringBuilder();
    for (ConfigKey<S, ?> key : keys) {
      rows.append(key.docRow(prefix, defaults)).append('\n');
      // A nested section that CONFIG.md documents on its own is not repeated here.
      if (key.type() instanceof KeyType.Nested<?> nested
          && !ConfigKeys.SECTIONS.contains(nested.section())) {
        rows.append(nested.section().docRows(prefix + "." + key.name()));
      }
      if (key.type() instanceof KeyType.ListOf<?> list
          && !ConfigKeys.SECTIONS.contains(list.section())) {
        rows.append(list.section().docRows(prefix + "." + key.name() + "[i]"));
      }
    }
    return rows.toString();
  }
}
