package dev.fabricplanner.probe.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.record.GpuPath;
import dev.fabricplanner.core.record.LinkFacts;
import dev.fabricplanner.core.record.RmaSupport;
import dev.fabricplanner.core.record.SizeSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link BackendMeasurement} as it travels in TEST_RESULT, so the responder can record the link too. */
final class MeasurementJson {
  private MeasurementJson() {}

  static ObjectNode write(BackendMeasurement m) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("warmup_iterations", m.warmupIterations());
    node.put("payload_verified", m.payloadVerified());
    if (m.srcDomain() != null) {
      node.put("src_domain", m.srcDomain());
    }
    if (m.dstDomain() != null) {
      node.put("dst_domain", m.dstDomain());
    }
    if (m.facts().hmem() != null) {
      node.put("hmem", m.facts().hmem());
    }
    if (m.facts().rma() != null) {
      node.put("rma", m.facts().rma().wire());
    }
    if (m.facts().gpuPath() != null) {
      node.put("gpu_path", m.facts().gpuPath().wire());
    }
    ArrayNode sweep = node.putArray("sweep");
    for (SizeSample s : m.sweep()) {
      sweep.addObject()
          .put("size_bytes", s.sizeBytes())
          .put("latency_p50_us", s.latencyP50Us())
          .put("latency_p99_us", s.latencyP99Us())
          .put("bandwidth_bytes_per_s", s.bandwidthBytesPerSec())
          .put("noise_pct", s.noisePct())
          .put("iterations", s.iterations());
    }
    ObjectNode settings = node.putObject("settings");
    m.settings().forEach(settings::put);
    return node;
  }

  /** Reads a peer's measurement; the sample constructors reject impossible figures. */
  static BackendMeasurement read(JsonNode node) {
    List<SizeSample> sweep = new ArrayList<>();
    for (JsonNode s : node.path("sweep")) {
      sweep.add(
          new SizeSample(
              s.path("size_bytes").asLong(),
              s.path("latency_p50_us").asDouble(),
              s.path("latency_p99_us").asDouble(),
              s.path("bandwidth_bytes_per_s").asDouble(),
              s.path("noise_pct").asDouble(),
              s.path("iterations").asInt()));
    }
    Map<String, String> settings = new LinkedHashMap<>();
    node.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
    RmaSupport rma =
        node.hasNonNull("rma") ? RmaSupport.valueOf(node.get("rma").asText().toUpperCase(Locale.ROOT)) : null;
    Boolean hmem = node.hasNonNull("hmem") ? node.get("hmem").asBoolean() : null;
    GpuPath gpuPath = null;
    if (node.hasNonNull("gpu_path")) {
      String wire = node.get("gpu_path").asText();
      gpuPath = java.util.Arrays.stream(GpuPath.values()).filter(p -> p.wire().equals(wire)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown gpu_path '" + wire + "'"));
    }
    return new BackendMeasurement(
        sweep,
        node.path("warmup_iterations").asInt(0),
        node.path("payload_verified").asBoolean(false),
        new LinkFacts(null, null, hmem, rma, gpuPath),
        node.hasNonNull("src_domain") ? node.get("src_domain").asText() : null,
        node.hasNonNull("dst_domain") ? node.get("dst_domain").asText() : null,
        settings);
  }
}
