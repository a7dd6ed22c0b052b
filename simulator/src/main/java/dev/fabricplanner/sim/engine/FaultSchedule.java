package dev.fabricplanner.sim.engine;

import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.config.Fault;
import dev.fabricplanner.sim.fabric.FabricBinding;
import dev.fabricplanner.sim.network.Network;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The configured faults: which nodes each one hits (a seeded sample of {@code fraction} of the cell's,
 * or the fleet's, nodes, drawn once before the run) and what happens when it starts and ends. A link
 * degradation hits the links of its cell (every cell when none is given), not nodes.
 */
final class FaultSchedule {
  /** Marks a fault event's target as the end of that fault rather than its start. */
  private static final int END = 1 << 30;

  private final List<Fault> faults;
  private final int[][] nodes;
  private final Fleet fleet;
  private final Network network;
  private FabricBinding fabric;

  FaultSchedule(List<Fault> faults, Fleet fleet, Network network, SplittableRandom random) {
    this.faults = faults;
    this.fleet = fleet;
    this.network = network;
    this.nodes = new int[faults.size()][];
    for (int i = 0; i < faults.size(); i++) {
      nodes[i] = pickNodes(faults.get(i), random);
    }
  }

  /** The binding whose transports transport_down faults take down. */
  void useFabric(FabricBinding binding) {
    this.fabric = binding;
  }

  void scheduleAll(EventQueue events) {
    for (int i = 0; i < faults.size(); i++) {
      Fault fault = faults.get(i);
      events.schedule(fault.atS() * 1000.0, EventKind.FAULT, i);
      if (!fault.permanent()) {
        events.schedule(fault.endS() * 1000.0, EventKind.FAULT, i | END);
      }
    }
  }

  /** Starts or ends the fault named by the event's target; {@code loseNode} takes a live node down. */
  void apply(int target, double now, IntConsumer loseNode) {
    boolean ending = (target & END) != 0;
    int index = target & ~END;
    Fault fault = faults.get(index);
    switch (fault.kind()) {
      case NODE_LOSS -> {
        for (int node : nodes[index]) {
          if (ending) {
            fleet.restore(node, now);
          } else if (fleet.isUp(node)) {
            loseNode.accept(node);
          }
        }
      }
      case SLOWDOWN -> {
        for (int node : nodes[index]) {
          fleet.slowDown(node, ending ? 1 : fault.factor(), now);
        }
      }
      case LINK_DEGRADE -> {
        int first = fault.allCells() ? 0 : fault.cell();
        int last = fault.allCells() ? fleet.cellCount() : fault.cell() + 1;
        for (int cell = first; cell < last; cell++) {
          network.degrade(cell, ending ? 1 : fault.factor());
        }
      }
      case TRANSPORT_DOWN -> fabric.transportDown(fault.transport(), !ending, now);
    }
  }

  private int[] pickNodes(Fault fault, SplittableRandom random) {
    int perCell = fleet.nodesPerCell();
    int firstCell = fault.allCells() ? 0 : fault.cell();
    int cellCount = fault.allCells() ? fleet.cellCount() : 1;
    int pool = perCell * cellCount;
    int hit = (int) Math.max(1, Math.round(fault.fraction() * pool));
    int[] candidates = new int[pool];
    for (int i = 0; i < pool; i++) {
      candidates[i] = firstCell * perCell + i;
    }
    for (int i = 0; i < hit; i++) { // partial Fisher-Yates shuffle
      int j = i + random.nextInt(pool - i);
      int swap = candidates[i];
      candidates[i] = candidates[j];
      candidates[j] = swap;
    }
    int[] chosen = Arrays.copyOf(candidates, hit);
    Arrays.sort(chosen);
    return chosen;
  }
}
