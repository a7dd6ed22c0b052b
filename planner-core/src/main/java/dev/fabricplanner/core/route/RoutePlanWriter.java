package dev.fabricplanner.core.route;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.AtomicFile;
import dev.fabricplanner.core.json.JsonDocuments;
import dev.fabricplanner.core.plan.Candidate;
import dev.fabricplanner.core.plan.Estimate;
import dev.fabricplanner.core.plan.HopDecision;
import dev.fabricplanner.core.plan.ReasonCode;
import dev.fabricplanner.core.plan.Transport;
import dev.fabricplanner.core.record.Endpoint;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a {@link RoutePlan} as {@code plan.json} (plan_version 1; fields in docs/PLANNER.md). Times are
 * microseconds rounded to 0.0001 us; the same plan always gives the same bytes.
 */
public final class RoutePlanWriter {
  public static final int PLAN_VERSION = 1;

  public void write(RoutePlan plan, Path file) throws IOException {
    AtomicFile.writeString(file, toJson(plan));
  }

  public String toJson(RoutePlan plan) {
    return JsonDocuments.print(toTree(plan));
  }

  public ObjectNode toTree(RoutePlan plan) {
    ObjectNode root = JsonDocuments.mapper().createObjectNode();
    root.put("plan_version", PLAN_VERSION);
    root.put("name", plan.name());
    root.put("planned_at", plan.settings().now().toString());
    ObjectNode settings = root.putObject("settings");
    if (plan.settings().latencyCapUs() == null) {
      settings.putNull("latency_cap_us");
    } else {
      settings.put("latency_cap_us", plan.settings().latencyCapUs());
    }
    settings.put("max_record_age_hours", plan.settings().maxRecordAge().toSeconds() / 3600.0);
    settings.put("stripe_threshold_bytes", plan.settings().stripeThresholdBytes());
    ObjectNode model = root.putObject("model");
    model.put("name", plan.model().name());
    model.put("layers", plan.model().layers());
    model.put("hidden_size", plan.model().hiddenSize());
    model.put("dtype", plan.model().dtype().wire());
    model.put("kv_bytes_per_token", plan.model().kvBytesPerToken());
    model.put("weights_bytes", plan.model().weightsBytes());
    ObjectNode traffic = root.putObject("traffic");
    traffic.put("tokens_per_request", plan.traffic().tokensPerRequest());
    traffic.put("kv_tokens", plan.traffic().kvTokens());
    traffic.put("kv_transfers_per_request", plan.traffic().kvTransfersPerRequest());
    ArrayNode hosts = root.putArray("hosts");
    for (HostSummary h : plan.hosts()) {
      ObjectNode o = hosts.addObject();
      o.put("id", h.id());
      o.put("hostname", h.hostname());
      o.put("measured_at", h.measuredAt().toString());
      o.put("stale", h.stale());
      o.put("gpus", h.gpus());
      o.put("fabrics_ok", h.fabricsOk());
      o.put("fabrics_skipped", h.fabricsSkipped());
      o.put("fabrics_failed", h.fabricsFailed());
    }
    ArrayNode stages = root.putArray("stages");
    for (PlacedStage s : plan.stages()) {
      ObjectNode o = stages.addObject();
      o.put("index", s.index());
      o.put("first_layer", s.firstLayer());
      o.put("layers", s.layers());
      endpoint(o.putObject("gpu"), s.gpu());
      o.put("gpu_index", s.gpuIndex());
      o.put("gpu_name", s.gpuName());
      o.put("vram_needed_bytes", s.vramNeededBytes());
      o.put("vram_bytes", s.vramBytes());
    }
    ArrayNode hops = root.putArray("hops");
    for (PlannedHop hop : plan.hops()) {
      hop(hops.addObject(), hop);
    }
    if (plan.returnHop() == null) {
      root.putNull("return_hop");
    } else {
      hop(root.putObject("return_hop"), plan.returnHop());
    }
    ObjectNode total = root.putObject("total");
    total.put("per_token_us", round(plan.perTokenUs()));
    total.put("per_kv_transfer_us", round(plan.perKvTransferUs()));
    total.put("complete", plan.complete());
    ArrayNode warnings = root.putArray("warnings");
    plan.warnings().forEach(warnings::add);
    return root;
  }

  private static void hop(ObjectNode o, PlannedHop hop) {
    HopDecision d = hop.decision();
    o.put("label", hop.label());
    if (hop.fromStage() >= 0) {
      o.put("from_stage", hop.fromStage());
      o.put("to_stage", hop.fromStage() + 1);
    }
    endpoint(o.putObject("src"), d.src());
    endpoint(o.putObject("dst"), d.dst());
    o.put("activation_bytes_per_token", d.traffic().activationBytes());
    o.put("kv_transfer_bytes", d.traffic().kvBytes());
    if (d.chosen() == null) {
      o.putNull("chosen");
    } else {
      candidate(o.putObject("chosen"), d.chosen());
    }
    o.put("meets_latency_cap", d.outcome().meetsLatencyCap());
    ArrayNode notes = o.putArray("notes");
    d.outcome().notes().forEach(n -> notes.add(n.name()));
    ArrayNode alternatives = o.putArray("alternatives");
    d.alternatives().forEach(c -> candidate(alternatives.addObject(), c));
    ArrayNode chain = o.putArray("fallback_chain");
    d.fallbackChain().forEach(t -> chain.add(t.label()));
  }

  private static void candidate(ObjectNode o, Candidate c) {
    Transport t = c.transport();
    o.put("transport", t.name());
    o.put("label", t.label());
    o.put("kind", t.kind().name().toLowerCase(java.util.Locale.ROOT));
    o.put("provider", t.provider());
    if (t.endpointType() != null) {
      o.put("endpoint_type", t.endpointType().wire());
    }
    if (t.fabricName() != null) {
      o.put("fabric_name", t.fabricName());
    }
    Estimate e = c.estimate();
    if (e == null) {
      o.putNull("estimate");
    } else {
      ObjectNode estimate = o.putObject("estimate");
      estimate.put("token_us", round(e.tokenUs()));
      estimate.put("kv_transfer_us", round(e.kvTransferUs()));
      estimate.put("per_request_us", round(e.perRequestUs()));
      estimate.put("stripes", e.stripes());
      estimate.put("basis", e.basis().name().toLowerCase(java.util.Locale.ROOT));
      estimate.put("measurement", e.measurement());
      estimate.put("noise_pct", round(e.noisePct()));
    }
    ArrayNode reasons = o.putArray("reasons");
    for (ReasonCode r : c.reasons()) {
      reasons.add(r.name());
    }
    if (c.detail() != null) {
      o.put("detail", c.detail());
    }
  }

  private static void endpoint(ObjectNode o, Endpoint e) {
    o.put("host", e.host());
    if (e.gpu() != null) {
      o.put("gpu", e.gpu());
    }
  }

  static double round(double us) {
    return Math.round(us * 1e4) / 1e4;
  }
}
