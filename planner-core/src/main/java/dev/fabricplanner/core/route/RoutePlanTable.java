package dev.fabricplanner.core.route;

import dev.fabricplanner.core.plan.Candidate;
import dev.fabricplanner.core.plan.Estimate;
import dev.fabricplanner.core.plan.HopDecision;
import dev.fabricplanner.core.plan.ReasonCode;
import dev.fabricplanner.core.plan.Transport;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link RoutePlan} as a table for people: one block per hop, then totals and warnings. */
public final class RoutePlanTable {

  public String render(RoutePlan plan) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "Plan %s: %s, activations %d B/token, %.0f tokens and %.0f KV transfer(s) of %d tokens per"
            + " request%n",
        plan.name(), plan.model().name(), plan.model().activationBytesPerToken(),
        plan.traffic().tokensPerRequest(), plan.traffic().kvTransfersPerRequest(),
        plan.traffic().kvTokens()));
    out.append(String.format(Locale.ROOT, "Latency cap: %s; records stale after %d h%n",
        plan.settings().latencyCapUs() == null ? "none"
            : String.format(Locale.ROOT, "%.3f us per token per hop", plan.settings().latencyCapUs()),
        plan.settings().maxRecordAge().toHours()));
    if (!plan.stages().isEmpty()) {
      out.append(String.format(Locale.ROOT, "%nStages%n  %-5s %-9s %-28s %-26s %s%n",
          "stage", "layers", "host:gpu", "GPU", "VRAM need / have"));
      for (PlacedStage s : plan.stages()) {
        out.append(String.format(Locale.ROOT, "  %-5d %-9s %-28s %-26s %.1f / %.1f GB%n",
            s.index(), s.firstLayer() + "-" + (s.firstLayer() + s.layers() - 1),
            s.gpu().host() + ":" + s.gpuIndex(), s.gpuName(), s.vramNeededBytes() / 1e9,
            s.vramBytes() / 1e9));
      }
    }
    out.append(String.format(Locale.ROOT, "%nHops%n"));
    for (PlannedHop hop : plan.tokenHops()) {
      HopDecision d = hop.decision();
      out.append(String.format(Locale.ROOT, "%s%s%n", hop.label(),
          d.outcome().notes().isEmpty() ? "" : "  " + codes(d.outcome().notes())));
      if (d.chosen() == null) {
        out.append("  chosen    none: every transport is ruled out\n");
      } else {
        out.append(line("chosen", d.chosen()));
      }
      boolean first = true;
      for (Candidate c : d.alternatives()) {
        out.append(line(first ? "also" : "", c));
        first = false;
      }
      out.append("  fallback  ")
          .append(d.fallbackChain().stream().map(Transport::label)
              .collect(Collectors.joining(" -> ")))
          .append('\n');
    }
    out.append(String.format(Locale.ROOT,
        "%nTotal per-token transfer latency: %.3f us over %d hop(s)%s; one KV transfer on every hop:"
            + " %.3f us%s%n",
        plan.perTokenUs(), plan.hops().size(),
        plan.returnHop() == null ? "" : " and the sampled token's return", plan.perKvTransferUs(),
        plan.complete() ? "" : " (incomplete: some hops have no estimate)"));
    if (!plan.warnings().isEmpty()) {
      out.append("\nWarnings\n");
      plan.warnings().forEach(w -> out.append("  ").append(w).append('\n'));
    }
    return out.toString();
  }

  private static String line(String role, Candidate c) {
    Estimate e = c.estimate();
    String figures = e == null ? String.format(Locale.ROOT, "%-52s", "no estimate")
        : String.format(Locale.ROOT, "token %10.3f us  kv %12.3f us  request %12.3f us",
            e.tokenUs(), e.kvTransferUs(), e.perRequestUs());
    return String.format(Locale.ROOT, "  %-9s %-34s %s  %s%s%n", role, c.transport().label(), figures,
        codes(c.reasons()), c.detail() == null ? "" : "  (" + c.detail() + ")");
  }

  private static String codes(List<ReasonCode> reasons) {
    return reasons.stream().map(ReasonCode::name).collect(Collectors.joining(","));
  }
}
