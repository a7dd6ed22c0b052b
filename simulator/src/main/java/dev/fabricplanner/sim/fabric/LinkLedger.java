package dev.fabricplanner.sim.fabric;

import dev.fabricplanner.sim.result.LinkUse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fabric's links as first-come-first-served servers: a KV transfer holds the sending end's link and
 * the receiving end's link for its whole duration, and starts when both are free, so transfers that
 * share a NIC group (or a GPU's NVLink) queue behind each other. FIFO rather than fair share: each
 * transfer still gets the full bandwidth the planner priced (its curve already stripes over the NICs
 * both ends have), the link's throughput is the same either way, and a transfer's finish is known when
 * it starts, with no rescheduling. Busy time counts only the measured part of the run.
 */
public final class LinkLedger {
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private double[] freeAt = new double[16];
  private double[] busyMs = new double[16];
  private final double measureFromMs;
  private final double measureToMs;

  public LinkLedger(double measureFromMs, double measureToMs) {
    this.measureFromMs = measureFromMs;
    this.measureToMs = measureToMs;
  }

  /** Books a transfer of {@code durationMs} over both links; returns when it starts. */
  public double reserve(String out, String in, double nowMs, double durationMs) {
    return reserve(out, in, nowMs, durationMs, nowMs);
  }

  /**
   * Books a transfer that may start at {@code fromMs} and, its data being produced as it goes, cannot
   * end before {@code endNotBeforeMs}: both links are held from its start to
   * max(start + duration, endNotBefore), busy for the duration at its end. Returns when it starts.
   */
  public double reserve(String out, String in, double fromMs, double durationMs,
      double endNotBeforeMs) {
    int a = id(out);
    int b = id(in);
    double start = Math.max(fromMs, Math.max(freeAt[a], freeAt[b]));
    double end = Math.max(start + durationMs, endNotBeforeMs);
    freeAt[a] = end;
    freeAt[b] = end;
    double measured = Math.max(0,
        Math.min(end, measureToMs) - Math.max(end - durationMs, measureFromMs));
    busyMs[a] += measured;
    busyMs[b] += measured;
    return start;
  }

  private int id(String name) {
    Integer known = index.get(name);
    if (known != null) {
      return known;
    }
    int id = names.size();
    index.put(name, id);
    names.add(name);
    if (id == freeAt.length) {
      freeAt = Arrays.copyOf(freeAt, id * 2);
      busyMs = Arrays.copyOf(busyMs, id * 2);
    }
    return id;
  }

  /**
   * Per transport (the text after a link name's last space): links used, their mean and largest busy
   * fraction of the measured time, and the busiest link's name.
   */
  public Map<String, LinkUse> utilization() {
    double span = Math.max(1e-9, measureToMs - measureFromMs);
    Map<String, double[]> sums = new TreeMap<>();
    Map<String, String> busiest = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String transport = name.substring(name.lastIndexOf(' ') + 1);
      double u = busyMs[i] / span;
      double[] s = sums.computeIfAbsent(transport, t -> new double[3]);
      s[0]++;
      s[1] += u;
      if (u > s[2] || !busiest.containsKey(transport)) {
        s[2] = Math.max(s[2], u);
        busiest.put(transport, name);
      }
    }
    Map<String, LinkUse> out = new TreeMap<>();
    sums.forEach((t, s) -> out.put(t, new LinkUse((long) s[0], s[1] / s[0], s[2], busiest.get(t))));
    return out;
  }
}
