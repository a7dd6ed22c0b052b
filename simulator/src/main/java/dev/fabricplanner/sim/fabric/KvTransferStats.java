package dev.fabricplanner.sim.fabric;

import dev.fabricplanner.sim.metrics.LatencyRecorder;
import dev.fabricplanner.sim.result.KvTransferSummary;
import dev.fabricplanner.sim.result.LinkUse;
import dev.fabricplanner.sim.result.PipelineHopSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Accumulates the KV transfers of measured requests and the parts of their TTFT. */
public final class KvTransferStats {
  private final TreeMap<String, Long> bytesByTransport = new TreeMap<>();
  private final LatencyRecorder transferMs = new LatencyRecorder();
  private long transfers;
  private long extrapolated;
  private double waitSum;
  private long completed;
  private double shareSum;
  private double queueSum;
  private double prefillSum;
  private double transferSum;
  private double firstDecodeSum;
  private double returnSum;

  /** One measured transfer: {@code ms} from the prompt's end to landing, {@code waitMs} of it queued. */
  public void transferred(String transport, long bytes, double ms, double waitMs,
      boolean beyondSweep) {
    transfers++;
    waitSum += waitMs;
    bytesByTransport.merge(transport, bytes, Long::sum);
    transferMs.record(ms);
    if (beyondSweep) {
      extrapolated++;
    }
  }

  /** A measured disaggregated request answered: its TTFT in parts (they sum to the TTFT). */
  public void completed(double queueMs, double prefillMs, double transfer, double firstDecodeMs,
      double returnMs) {
    double ttft = queueMs + prefillMs + transfer + firstDecodeMs + returnMs;
    completed++;
    shareSum += ttft > 0 ? transfer / ttft : 0;
    queueSum += queueMs;
    prefillSum += prefillMs;
    transferSum += transfer;
    firstDecodeSum += firstDecodeMs;
    returnSum += returnMs;
  }

  public KvTransferSummary summary(Map<String, String> fallbacks, Map<String, LinkUse> links,
      Optional<PipelineHopSummary> pipelineHops) {
    Map<String, Double> parts = new LinkedHashMap<>();
    double n = Math.max(1, completed);
    parts.put("queue", queueSum / n);
    parts.put("prefill", prefillSum / n);
    parts.put("transfer", transferSum / n);
    parts.put("first_decode", firstDecodeSum / n);
    parts.put("return", returnSum / n);
    return new KvTransferSummary(transfers, new TreeMap<>(bytesByTransport), transferMs.summary(),
        extrapolated, transfers > 0 ? waitSum / transfers : 0, new TreeMap<>(links), completed > 0 ? shareSum / completed : 0, parts, new TreeMap<>(fallbacks),
        pipelineHops);
  }
}
