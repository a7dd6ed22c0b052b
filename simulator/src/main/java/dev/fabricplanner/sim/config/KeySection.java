package dev.fabricplanner.sim.config;

import java.util.List;
import java.util.function.Function;

/**
 * The keys of one config mapping ({@code topology.engine}, {@code signals}, ...), in the order the
 * resolved config writes them and CONFIG.md lists them.
 *
 * @param path the mapping's path in a config file
 * @param defaults the section's values when a file gives none (the source of every key's default)
 * @param keys its keys
 */
record KeySection<S>(String path, S defaults, List<ConfigKey<S, ?>> keys) {

  /** The section as the resolved config writes it; {@code note} gives a key path's comment. */
  YamlBlock write(S section, Function<String, String> note) {
    YamlBlock block = new YamlBlock();
    for (ConfigKey<S, ?> key : keys) {
      key.write(block, section, note.apply(path + "." + key.name()));
    }
    return block;
  }

  /** CONFIG.md's key table for the section. */
  String docTable() {
    StringBuilder table =
        new StringBuilder("| key | type | default | meaning |\n| --- | --- | --- | --- |\n");
    for (ConfigKey<S, ?> key : keys) {
      table.append(key.docRow(path, defaults)).append('\n');
    }
    return table.toString();
  }
}
