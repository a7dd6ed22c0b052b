package dev.fabricplanner.sim.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the optional {@code disaggregation} block; the records themselves are read at run start. */
final class DisaggregationReader {
  private DisaggregationReader() {}

  static Optional<DisaggregationConfig> read(YamlMap root, TopologyConfig topology) {
    return root.map("disaggregation").map(map -> block(map, topology));
  }

  private static DisaggregationConfig block(YamlMap map, TopologyConfig topology) {
    String records = map.text("records").orElse("");
    if (!map.has("records")) {
      map.missing("records", "a folder of capability records (or --records DIR)");
    }
    List<String> hosts = names(map, "hosts");
    if (map.has("hosts") && hosts.isEmpty()) {
      map.problem("hosts", "must name at least one record host");
    } else if (!map.has("hosts")) {
      map.missing("hosts", "the record host ids the cells are bound to");
    }
    if (topology.nodesPerCell() < 2) {
      map.problem("prefill_nodes_per_cell", "needs topology.nodes_per_cell >= 2 (got "
          + topology.nodesPerCell() + "): every cell holds prefill nodes and decode nodes");
    }
    int prefill = (int) map.integer("prefill_nodes_per_cell", 1,
        Bound.integerIn(1, Math.max(1, topology.nodesPerCell() - 1)));
    List<String> disabled = names(map, "disable_transports");
    map.finish();
    return new DisaggregationConfig(records, hosts, prefill, disabled);
  }

  private static List<String> names(YamlMap map, String key) {
    List<String> names = new ArrayList<>();
    List<Node> items = map.list(key).orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      YamlScalar.text(items.get(i), map.pathOf(key) + "[" + i + "]", map.problems())
          .ifPresent(names::add);
    }
    return names;
  }
}
