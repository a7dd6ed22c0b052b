package dev.fabricplanner.core.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.AtomicFile;
import dev.fabricplanner.core.json.JsonDocuments;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes capability records as schema v2 JSON: fields in a fixed order, absent optional values left
 * out, so the same record always gives the same bytes. Files are written atomically.
 */
public final class CapabilityRecordWriter {

  /** Writes the record to file through a temporary file in the same folder and a move. */
  public void write(CapabilityRecord record, Path file) throws IOException {
    AtomicFile.writeString(file, toJson(record));
  }

  /** The record as JSON text (2-space indented, final newline). */
  public String toJson(CapabilityRecord record) {
    return JsonDocuments.print(toTree(record));
  }

  public ObjectNode toTree(CapabilityRecord record) {
    ObjectNode root = JsonDocuments.mapper().createObjectNode();
    root.put("schema_version", CapabilityRecord.SCHEMA_VERSION);
    ObjectNode host = root.putObject("host");
    host.put("id", record.host().id());
    host.put("hostname", record.host().hostname());
    host.put("agent_version", record.host().agentVersion());
    host.put("measured_at", record.host().measuredAt().toString());
    putIfPresent(host, "site", record.host().site());
    host.put("provenance", record.host().provenance().wire());
    HostSoftware software = record.host().software();
    if (software != null) {
      ObjectNode o = host.putObject("software");
      putIfPresent(o, "agent_commit", software.agentCommit());
      putIfPresent(o, "libfabric_version", software.libfabricVersion());
      o.put("kernel", software.kernel());
      o.put("os", software.os());
      putIfPresent(o, "cuda_runtime", software.cudaRuntime());
      putIfPresent(o, "cuda_driver", software.cudaDriver());
      putIfPresent(o, "nvml_driver", software.nvmlDriver());
    }
    ArrayNode gpus = root.putArray("gpus");
    for (Gpu gpu : record.gpus()) {
      ObjectNode o = gpus.addObject();
      o.put("id", gpu.id());
      o.put("index", gpu.index());
      o.put("name", gpu.name());
      o.put("vram_bytes", gpu.vramBytes());
      putIfPresent(o, "pci_bus_id", gpu.pciBusId());
      putIfPresent(o, "numa_node", gpu.numaNode());
    }
    ArrayNode pairs = root.putArray("gpu_pairs");
    for (GpuPair pair : record.gpuPairs()) {
      ObjectNode o = pairs.addObject();
      o.put("gpu_a", pair.gpuA());
      o.put("gpu_b", pair.gpuB());
      o.put("peer_access", pair.peerAccess());
      o.put("nvlink_active", pair.nvlinkActive());
      o.put("nvlink_count", pair.nvlinkCount());
      putIfPresent(o, "path_class", pair.pathClass());
      putIfPresent(o, "nvml_p2p_status", pair.nvmlP2pStatus());
    }
    ArrayNode fabrics = root.putArray("fabrics");
    for (Fabric fabric : record.fabrics()) {
      ObjectNode o = fabrics.addObject();
      o.put("id", fabric.id());
      o.put("backend", fabric.backend().wire());
      o.put("provider", fabric.provider());
      putIfPresent(o, "endpoint_type", fabric.endpointType());
      o.put("fabric_name", fabric.fabricName());
      putIfPresent(o, "domain_name", fabric.domainName());
      o.put("status", fabric.status().wire());
      putIfPresent(o, "reason", fabric.reason());
      putIfPresent(o, "hmem", fabric.hmem());
      putIfPresent(o, "rma", fabric.rma());
      putIfPresent(o, "numa_node", fabric.numaNode());
      putIfPresent(o, "nic_model", fabric.nicModel());
      putIfPresent(o, "link_layer", fabric.linkLayer());
      putIfPresent(o, "nominal_bytes_per_s", fabric.nominalBytesPerSec());
    }
    ArrayNode links = root.putArray("links");
    for (LinkMeasurement link : record.links()) {
      ObjectNode o = links.addObject();
      endpoint(o.putObject("src"), link.src());
      endpoint(o.putObject("dst"), link.dst());
      o.put("backend", link.backend().wire());
      o.put("provider", link.provider());
      o.put("fabric_name", link.fabricName());
      putIfPresent(o, "src_domain", link.srcDomain());
      putIfPresent(o, "dst_domain", link.dstDomain());
      o.put("status", link.status().wire());
      putIfPresent(o, "reason", link.reason());
      o.put("measured_at", link.measuredAt().toString());
      o.put("warmup_iterations", link.warmupIterations());
      o.put("payload_verified", link.payloadVerified());
      ArrayNode sweep = o.putArray("sweep");
      for (SizeSample sample : link.sweep()) {
        ObjectNode s = sweep.addObject();
        s.put("size_bytes", sample.sizeBytes());
        s.put("latency_p50_us", sample.latencyP50Us());
        s.put("latency_p99_us", sample.latencyP99Us());
        s.put("bandwidth_bytes_per_s", sample.bandwidthBytesPerSec());
        s.put("noise_pct", sample.noisePct());
        s.put("iterations", sample.iterations());
      }
      LinkFacts facts = link.facts();
      if (!facts.equals(LinkFacts.NONE)) {
        ObjectNode f = o.putObject("facts");
        putIfPresent(f, "path_class", facts.pathClass());
        putIfPresent(f, "nvml_p2p_status", facts.nvmlP2pStatus());
        putIfPresent(f, "hmem", facts.hmem());
        putIfPresent(f, "rma", facts.rma());
        putIfPresent(f, "gpu_path", facts.gpuPath());
      }
      if (!link.settings().isEmpty()) {
        ObjectNode settings = o.putObject("settings");
        link.settings().forEach(settings::put);
      }
      Shortfall shortfall = link.shortfall();
      if (shortfall != null) {
        ObjectNode f = o.putObject("shortfall");
        f.put("nominal_bytes_per_s", shortfall.nominalBytesPerSec());
        f.put("measured_fraction", shortfall.measuredFraction());
        f.put("likely_cause", shortfall.likelyCause().wire());
        putIfPresent(f, "detail", shortfall.detail());
      }
    }
    return root;
  }

  private static void endpoint(ObjectNode o, Endpoint endpoint) {
    o.put("host", endpoint.host());
    putIfPresent(o, "gpu", endpoint.gpu());
  }

  private static void putIfPresent(ObjectNode o, String name, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof String s) {
      o.put(name, s);
    } else if (value instanceof Integer i) {
      o.put(name, i);
    } else if (value instanceof Double d) {
      o.put(name, d);
    } else if (value instanceof Boolean b) {
      o.put(name, b);
    } else if (value instanceof WireValue w) {
      o.put(name, w.wire());
    } else {
      throw new IllegalArgumentException("no JSON form for " + value.getClass());
    }
  }
}
