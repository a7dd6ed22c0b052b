package dev.fabricplanner.sim.strategies;

import dev.fabricplanner.sim.ObservingProvider;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.CompletionFeedback;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.StrategyProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Wraps a strategy and records each routing decision, passing completions through to it. */
final class Recording extends ObservingProvider {
  /** One decision: when, for which request from which cell, to which node and its cell. */
  record Routed(double atMs, long id, int originCell, int node, int nodeCell) {}

  final List<Routed> routed = new ArrayList<>();
  /** Latency of each completed request, by request id. */
  final Map<Long, Double> latencyById = new HashMap<>();
  SimulationResult result;

  Recording(StrategyProvider delegate) {
    super(delegate);
  }

  void finish(SimulationResult result) {
    this.result = result;
  }

  @Override
  protected void routed(RoutingRequest request, ClusterView view, RoutingDecision decision) {
    int node = decision.node();
    routed.add(new Routed(view.nowMs(), request.id(), request.originCell(), node,
        node >= 0 ? view.cellOf(node) : -1));
  }

  @Override
  protected void completed(CompletionFeedback feedback) {
    latencyById.put(feedback.request().id(), feedback.latencyMs());
  }

  /** Share of decisions made in [fromMs, toMs) that stayed in the request's origin cell. */
  double localShare(double fromMs, double toMs) {
    long local = 0;
    long all = 0;
    for (Routed r : routed) {
      if (r.atMs() >= fromMs && r.atMs() < toMs) {
        all++;
        local += r.nodeCell() == r.originCell() ? 1 : 0;
      }
    }
    return all == 0 ? Double.NaN : (double) local / all;
  }

  /** Like {@link #localShare(double, double)}, for requests from one origin cell only. */
  double localShareFrom(int origin, double fromMs, double toMs) {
    long local = 0;
    long all = 0;
    for (Routed r : routed) {
      if (r.originCell() == origin && r.atMs() >= fromMs && r.atMs() < toMs) {
        all++;
        local += r.nodeCell() == origin ? 1 : 0;
      }
    }
    return all == 0 ? Double.NaN : (double) local / all;
  }

  /**
   * The given quantile of latency over requests first routed in [fromMs, toMs) that completed.
   * Requests still unanswered at the end count as infinitely slow.
   */
  double latencyQuantile(double quantile, double fromMs, double toMs) {
    Set<Long> seen = new HashSet<>();
    List<Double> latencies = new ArrayList<>();
    for (Routed r : routed) {
      if (r.atMs() >= fromMs && r.atMs() < toMs && seen.add(r.id())) {
        latencies.add(latencyById.getOrDefault(r.id(), Double.POSITIVE_INFINITY));
      }
    }
    Collections.sort(latencies);
    return latencies.isEmpty()
        ? Double.NaN
        : latencies.get((int) Math.min(latencies.size() - 1, Math.floor(quantile * latencies.size())));
  }

  double p99() {
    return result.latencyMs().get("all").p99();
  }
}
