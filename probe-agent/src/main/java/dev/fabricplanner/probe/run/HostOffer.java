package dev.fabricplanner.probe.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.record.Fabric;
import java.util.ArrayList;
import java.util.List;

/**
 * What one side tells the other in its OFFER: who it is and which backends it can test (by key, with the
 * fabric facts the planner matches on). Endpoint names are not here: endpoints open per test, and their
 * names travel in TEST_START / TEST_READY.
 *
 * @param hostId the host's stable id (records refer to it; a user may set it, so it proves nothing)
 * @param hostname for people, and with the boot id to tell whether both agents share one host
 * @param bootId the running kernel's boot id ("" where unknown): equal ids and hostnames mean one host
 * @param backends offered backends: key and fabric summary
 * @param gpus GPU summaries (opaque to the session; shown in reports)
 * @param cudaIpc this side takes part in the CUDA IPC test (nvlink profile asked for, a GPU visible)
 */
public record HostOffer(
    String hostId, String hostname, String bootId, List<OfferedBackend> backends, List<String> gpus, boolean cudaIpc) {
  /** One offered backend. */
  public record OfferedBackend(String key, String backend, String provider, String fabricName, String domainName) {}

  public HostOffer {
    backends = List.copyOf(backends);
    gpus = List.copyOf(gpus);
  }

  public static HostOffer of(String hostId, String hostname, List<ProbeBackend> backends, List<String> gpus) {
    List<OfferedBackend> offered = new ArrayList<>();
    for (ProbeBackend backend : backends) {
      Fabric fabric = backend.fabric();
      offered.add(
          new OfferedBackend(
              backend.key(), fabric.backend().wire(), fabric.provider(), fabric.fabricName(), fabric.domainName()));
    }
    return new HostOffer(hostId, hostname, LocalHost.bootId(), offered, gpus, false);
  }

  /** This offer, saying whether this side takes part in the CUDA IPC test. */
  public HostOffer withCudaIpc(boolean takesPart) {
    return new HostOffer(hostId, hostname, bootId, backends, gpus, takesPart);
  }

  /**
   * Whether both offers come from one running host: the same kernel boot and hostname. Only then can
   * one agent map the other's CUDA IPC handles.
   */
  public boolean sameHostAs(HostOffer other) {
    return !bootId.isEmpty() && bootId.equals(other.bootId) && hostname.equals(other.hostname);
  }

  public boolean offers(String key) {
    return backends.stream().anyMatch(b -> b.key().equals(key));
  }

  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.putObject("host").put("id", hostId).put("hostname", hostname).put("boot_id", bootId);
    node.put("cuda_ipc", cudaIpc);
    ArrayNode list = node.putArray("backends");
    for (OfferedBackend b : backends) {
      ObjectNode entry = list.addObject();
      entry.put("key", b.key());
      entry.put("backend", b.backend());
      entry.put("provider", b.provider());
      entry.put("fabric_name", b.fabricName());
      if (b.domainName() != null) {
        entry.put("domain_name", b.domainName());
      }
    }
    ArrayNode gpuList = node.putArray("gpus");
    gpus.forEach(gpuList::add);
    return node;
  }

  /** Reads a peer's offer; a missing host id is a protocol error the caller reports. */
  static HostOffer fromJson(JsonNode node) {
    String id = node.path("host").path("id").asText("");
    if (id.isBlank()) {
      throw new IllegalArgumentException("the peer's offer names no host id");
    }
    List<OfferedBackend> backends = new ArrayList<>();
    for (JsonNode entry : node.path("backends")) {
      backends.add(
          new OfferedBackend(
              entry.path("key").asText(""),
              entry.path("backend").asText(""),
              entry.path("provider").asText(""),
              entry.path("fabric_name").asText(""),
              entry.hasNonNull("domain_name") ? entry.get("domain_name").asText() : null));
    }
    List<String> gpus = new ArrayList<>();
    node.path("gpus").forEach(g -> gpus.add(g.asText()));
    return new HostOffer(
        id,
        node.path("host").path("hostname").asText(id),
        node.path("host").path("boot_id").asText(""),
        backends,
        gpus,
        node.path("cuda_ipc").asBoolean(false));
  }
}
