package dev.fabricplanner.sim.fabric;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.NameHint;
import dev.fabricplanner.core.record.CapabilityRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a bound fleet's GPUs are. A cell is {@code hostsPerCell} consecutive hosts of
 * {@code disaggregation.hosts} (cell c: {@code hosts[(c × hostsPerCell + j) % hosts]}), one host
 * unless a server needs more GPUs than the first host has (TP 8 × PP 2 on 8-GPU hosts: two). Its nodes'
 * GPUs are laid out GPU by GPU across its hosts in index order: GPU k of node i of the cell is the
 * cell's GPU i × gpusPerNode + k. Hosts are numbered c × hostsPerCell + j over the fleet.
 */
final class HostLayout {
  /** One GPU of the fleet: its host's number, the record the host is like, its index there. */
  record GpuEnd(int host, String record, int gpu) {}

  private final int nodesPerCell;
  private final int gpusPerNode;
  private final int hostsPerCell;
  private final String[] recordOfHost;
  private final int[] gpusOfHost;

  private HostLayout(int nodesPerCell, int gpusPerNode, int hostsPerCell, String[] recordOfHost,
      int[] gpusOfHost) {
    this.nodesPerCell = nodesPerCell;
    this.gpusPerNode = gpusPerNode;
    this.hostsPerCell = hostsPerCell;
    this.recordOfHost = recordOfHost;
    this.gpusOfHost = gpusOfHost;
  }

  /**
   * Lays {@code cells} cells of {@code nodesPerCell} nodes of {@code tp × pp} GPUs out on the hosts;
   * a host missing from the records, or a cell whose hosts have too few GPUs, is one line.
   */
  static HostLayout of(List<String> hosts, Map<String, CapabilityRecord> byId, String records,
      int cells, int nodesPerCell, int tp, int pp) throws InvalidInputException {
    int gpusPerNode = tp * pp;
    for (String host : hosts.subList(0, Math.min(hosts.size(), cells))) {
      if (!byId.containsKey(host)) {
        throw new InvalidInputException(List.of("disaggregation.hosts: no record for host \"" + host
            + "\" in " + records + NameHint.hint(host, byId.keySet())));
      }
    }
    int first = byId.get(hosts.get(0)).gpus().size();
    int perCell = gpusPerNode > first && first > 0 ? (gpusPerNode + first - 1) / first : 1;
    String[] recordOfHost = new String[cells * perCell];
    int[] gpusOfHost = new int[cells * perCell];
    for (int c = 0; c < cells; c++) {
      int gpus = 0;
      List<String> names = new ArrayList<>();
      for (int j = 0; j < perCell; j++) {
        String host = hosts.get((c * perCell + j) % hosts.size());
        CapabilityRecord record = byId.get(host);
        if (record == null) {
          throw new InvalidInputException(List.of("disaggregation.hosts: no record for host \""
              + host + "\" in " + records + NameHint.hint(host, byId.keySet())));
        }
        recordOfHost[c * perCell + j] = host;
        gpusOfHost[c * perCell + j] = record.gpus().size();
        gpus += record.gpus().size();
        names.add(host);
      }
      if (gpus < nodesPerCell * gpusPerNode) {
        String factors = "topology.nodes_per_cell (" + nodesPerCell + ") x engine.tp (" + tp + ")"
            + (pp > 1 ? " x engine.pp (" + pp + ")" : "");
        throw new InvalidInputException(List.of(perCell == 1
            ? "disaggregation.hosts: host \"" + names.get(0) + "\" has " + gpus
                + " GPU(s) in its record, fewer than " + factors
            : "disaggregation.hosts: cell " + c + " spans hosts " + String.join(", ", names)
                + " with " + gpus + " GPU(s) in their records, fewer than " + factors));
      }
    }
    return new HostLayout(nodesPerCell, gpusPerNode, perCell, recordOfHost, gpusOfHost);
  }

  /** GPU k (stage × tp + rank) of {@code node}. */
  GpuEnd gpu(int node, int k) {
    int cell = node / nodesPerCell;
    int position = (node % nodesPerCell) * gpusPerNode + k;
    int host = cell * hostsPerCell;
    while (position >= gpusOfHost[host]) {
      position -= gpusOfHost[host];
      host++;
    }
    return new GpuEnd(host, recordOfHost[host], position);
  }

  int hosts() {
    return recordOfHost.length;
  }

  String recordOf(int host) {
    return recordOfHost[host];
  }

  /** How many of the fleet's hosts are like each record. */
  Map<String, Integer> hostsPerRecord() {
    Map<String, Integer> count = new TreeMap<>();
    for (String record : recordOfHost) {
      count.merge(record, 1, Integer::sum);
    }
    return count;
  }

  /**
   * Hosts standing for every cell of the fleet: the first cells until the hosts list comes round
   * again (beyond them, cells repeat the same hosts), and each pattern's second cell where there is
   * one, so that pairs of different hosts like the same record are priced too.
   */
  List<Integer> representativeCells(int cells, int listed) {
    List<Integer> out = new ArrayList<>();
    Map<Integer, Integer> seen = new TreeMap<>();
    for (int c = 0; c < cells; c++) {
      int offset = (c * hostsPerCell) % listed;
      int times = seen.merge(offset, 1, Integer::sum);
      if (times <= 2) {
        out.add(c);
      }
    }
    return out;
  }

  /** The link name of host h's NIC group: the cell, and the host inside it when a cell has several. */
  String linkName(int host) {
    int cell = host / hostsPerCell;
    return hostsPerCell == 1
        ? "cell " + cell + " (" + recordOfHost[host] + ")"
        : "cell " + cell + " host " + (host % hostsPerCell) + " (" + recordOfHost[host] + ")";
  }
}
