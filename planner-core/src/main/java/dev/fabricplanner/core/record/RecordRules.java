package dev.fabricplanner.core.record;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that span several fields of a record (ids unique, references resolve). One place, so that
 * the reader reports them with JSON pointers and the builder refuses the same records.
 */
final class RecordRules {
  /** A broken rule at a JSON pointer into the record. */
  record Violation(String pointer, String wanted) {
    @Override
    public String toString() {
      return pointer + ": " + wanted;
    }
  }

  private RecordRules() {}

  static List<Violation> check(
      HostIdentity host,
      List<Gpu> gpus,
      List<GpuPair> pairs,
      List<Fabric> fabrics,
      List<LinkMeasurement> links) {
    List<Violation> violations = new ArrayList<>();
    if (host.id().isBlank()) {
      violations.add(new Violation("/host/id", "wanted a non-empty stable host id"));
    }
    Set<String> gpuIds = new HashSet<>();
    Set<Integer> gpuIndexes = new HashSet<>();
    for (int i = 0; i < gpus.size(); i++) {
      Gpu gpu = gpus.get(i);
      if (!gpuIds.add(gpu.id())) {
        violations.add(new Violation("/gpus/" + i + "/id", "wanted a unique GPU id, \"" + gpu.id()
            + "\" appears twice"));
      }
      if (!gpuIndexes.add(gpu.index())) {
        violations.add(new Violation("/gpus/" + i + "/index", "wanted a unique GPU index, "
            + gpu.index() + " appears twice"));
      }
    }
    Set<String> pairKeys = new HashSet<>();
    for (int i = 0; i < pairs.size(); i++) {
      GpuPair pair = pairs.get(i);
      String at = "/gpu_pairs/" + i;
      if (!gpuIds.contains(pair.gpuA())) {
        violations.add(new Violation(at + "/gpu_a", "wanted the id of a GPU in /gpus, got \""
            + pair.gpuA() + "\""));
      }
      if (!gpuIds.contains(pair.gpuB())) {
        violations.add(new Violation(at + "/gpu_b", "wanted the id of a GPU in /gpus, got \""
            + pair.gpuB() + "\""));
      }
      if (pair.gpuA().equals(pair.gpuB())) {
        violations.add(new Violation(at + "/gpu_b", "wanted a GPU other than gpu_a"));
      }
      if (!pairKeys.add(pair.gpuA() + "\n" + pair.gpuB())) {
        violations.add(new Violation(at, "wanted each ordered GPU pair once, this one repeats"));
      }
      if (pair.nvlinkActive() != (pair.nvlinkCount() > 0)) {
        violations.add(new Violation(at + "/nvlink_count",
            "wanted nvlink_count > 0 exactly when nvlink_active is true"));
      }
    }
    Set<String> fabricIds = new HashSet<>();
    for (int i = 0; i < fabrics.size(); i++) {
      Fabric fabric = fabrics.get(i);
      String at = "/fabrics/" + i;
      if (!fabricIds.add(fabric.id())) {
        violations.add(new Violation(at + "/id", "wanted a unique fabric id, \"" + fabric.id()
            + "\" appears twice"));
      }
      if (fabric.backend() == Backend.LIBFABRIC && fabric.endpointType() == null) {
        violations.add(new Violation(at + "/endpoint_type",
            "wanted rdm, dgram or msg for a libfabric fabric"));
      }
      if (fabric.status() == FabricStatus.OK && fabric.reason() != null) {
        violations.add(new Violation(at + "/reason", "wanted no reason on an ok fabric"));
      }
    }
    for (int i = 0; i < links.size(); i++) {
      LinkMeasurement link = links.get(i);
      String at = "/links/" + i;
      if (!link.src().host().equals(host.id())) {
        violations.add(new Violation(at + "/src/host", "wanted this record's host id \"" + host.id()
            + "\" (a record holds the links its host measured), got \"" + link.src().host() + "\""));
      }
      if (link.src().gpu() != null && !gpuIds.contains(link.src().gpu())) {
        violations.add(new Violation(at + "/src/gpu", "wanted the id of a GPU in /gpus, got \""
            + link.src().gpu() + "\""));
      }
      if (link.dst().host().equals(host.id()) && link.dst().gpu() != null
          && !gpuIds.contains(link.dst().gpu())) {
        violations.add(new Violation(at + "/dst/gpu", "wanted the id of a GPU in /gpus, got \""
            + link.dst().gpu() + "\""));
      }
      if (link.status() == FabricStatus.OK && link.reason() != null) {
        violations.add(new Violation(at + "/reason", "wanted no reason on an ok measurement"));
      }
    }
    return violations;
  }
}
