package dev.fabricplanner.sim.config;

import java.util.List;

/**
 * A fleet bound to measured capability records, split into prefill and decode nodes.
 *
 * @param records folder (or file) of capability records the fleet's hosts come from
 * @param hosts record host ids; cell c is a host like {@code hosts[c % hosts.size()]} and its nodes
 *     are that host's GPUs, in GPU index order
 * @param prefillNodesPerCell the first this-many nodes of each cell prefill; the others decode
 * @param disabledTransports transport names (as {@code planner plan} prints them: libfabric:efa,
 *     nvlink ...) or providers (efa) the planner may not choose: the what-if of a lost transport
 * @param layerwiseTransfer whether a prompt's KV streams to the decode node layer by layer while its
 *     last prefill step runs (Mooncake's and LMCache's layer-wise send), rather than all at once after
 */
public record DisaggregationConfig(
    String records,
    List<String> hosts,
    int prefillNodesPerCell,
    List<String> disabledTransports,
    boolean layerwiseTransfer) {
  public DisaggregationConfig {
    hosts = List.copyOf(hosts);
    disabledTransports = List.copyOf(disabledTransports);
  }

  public DisaggregationConfig withRecords(String newRecords) {
    return new DisaggregationConfig(
        newRecords, hosts, prefillNodesPerCell, disabledTransports, layerwiseTransfer);
  }

  public DisaggregationConfig withDisabledTransports(List<String> names) {
    return new DisaggregationConfig(records, hosts, prefillNodesPerCell, names, layerwiseTransfer);
  }
}
