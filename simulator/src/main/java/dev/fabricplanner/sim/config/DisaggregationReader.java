package dev.fabricplanner.sim.config;

import java.util.List;
import java.util.Optional;

/** Reads the optional {@code disaggregation} block; the records themselves are read at run start. */
final class DisaggregationReader {
  private DisaggregationReader() {}

  static Optional<DisaggregationConfig> read(YamlMap root, TopologyConfig topology) {
    return root.map(ConfigKeys.DISAGGREGATION_KEY.name()).map(map -> block(map, topology));
  }

  private static DisaggregationConfig block(YamlMap map, TopologyConfig topology) {
    DisaggregationConfig defaults = ConfigKeys.DISAGGREGATION.defaults();
    String records = ConfigKeys.RECORDS.require(map);
    List<String> hosts = ConfigKeys.HOSTS.require(map);
    // Its range depends on topology.nodes_per_cell, so it is checked here rather than by its key.
    int prefill = ConfigKeys.PREFILL_NODES_PER_CELL.readWithin(map, defaults,
        Bound.integerIn(0, Math.max(1, topology.nodesPerCell() - 1))).intValue();
    if (prefill > 0 && topology.nodesPerCell() < 2) {
      map.problem(ConfigKeys.PREFILL_NODES_PER_CELL.name(), "needs topology.nodes_per_cell >= 2 (got "
          + topology.nodesPerCell() + "): every cell holds prefill nodes and decode nodes (0: every"
          + " node prefills and decodes, nothing handed off)");
    }
    List<String> disabled = ConfigKeys.DISABLE_TRANSPORTS.read(map, defaults);
    boolean layerwise = ConfigKeys.LAYERWISE_TRANSFER.read(map, defaults);
    if (layerwise && !topology.engine().namesModel()) {
      map.problem(ConfigKeys.LAYERWISE_TRANSFER.name(), "needs topology.engine.model: the layer"
          + " count of the model whose KV streams layer by layer");
    }
    map.finish();
    return new DisaggregationConfig(records, hosts, prefill, disabled, layerwise);
  }
}
