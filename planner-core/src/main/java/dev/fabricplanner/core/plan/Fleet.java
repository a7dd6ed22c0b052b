package dev.fabricplanner.core.plan;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Gpu;
import dev.fabricplanner.core.record.GpuPair;
import dev.fabricplanner.core.record.LinkMeasurement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The capability records the planner works from, indexed: hosts by id, GPU pairs, and measurements by
 * host pair and by fabric. Records are kept in host-id order, which makes every "first match" choice
 * independent of the order files were read in.
 */
public final class Fleet {
  private final List<CapabilityRecord> records;
  private final Map<String, CapabilityRecord> byHost = new HashMap<>();
  private final Map<String, Map<String, GpuPair>> pairsByHost = new HashMap<>();
  private final Map<String, List<LinkMeasurement>> linksByHostPair = new HashMap<>();
  private final Map<LinkKey, LinkMeasurement> representatives = new HashMap<>();
  private final Set<String> measuredHosts = new HashSet<>();
  /** The record each measurement was read from (by identity: two links may be equal values). */
  private final Map<LinkMeasurement, CapabilityRecord> owners = new java.util.IdentityHashMap<>();

  public Fleet(List<CapabilityRecord> unordered) {
    List<CapabilityRecord> sorted = new ArrayList<>(unordered);
    sorted.sort(Comparator.comparing(r -> r.host().id()));
    this.records = List.copyOf(sorted);
    for (CapabilityRecord record : records) {
      if (byHost.put(record.host().id(), record) != null) {
        throw new IllegalArgumentException("two records for host " + record.host().id());
      }
    }
    for (CapabilityRecord record : records) {
      for (LinkMeasurement link : record.links()) {
        owners.put(link, record);
        linksByHostPair.computeIfAbsent(hostPair(link.src().host(), link.dst().host()),
            k -> new ArrayList<>()).add(link);
        measuredHosts.add(link.src().host());
        measuredHosts.add(link.dst().host());
        if (link.ok()) {
          representatives.putIfAbsent(keyOf(link), link);
        }
      }
    }
  }

  public List<CapabilityRecord> records() {
    return records;
  }

  /** The record of a host, or null. */
  public CapabilityRecord host(String hostId) {
    return byHost.get(hostId);
  }

  /** The record a measurement of this fleet was read from. */
  public CapabilityRecord recordOf(LinkMeasurement link) {
    return owners.get(link);
  }

  /** Facts about GPUs a to b of one host, reading a missing pair as its reverse; null when unknown. */
  public GpuPair pair(String hostId, String gpuA, String gpuB) {
    CapabilityRecord record = byHost.get(hostId);
    if (record == null) {
      return null;
    }
    // Indexed on first use: a fleet-wide table only looks at a few representative hosts.
    Map<String, GpuPair> pairs = pairsByHost.computeIfAbsent(hostId, id -> {
      Map<String, GpuPair> index = new HashMap<>();
      for (GpuPair pair : record.gpuPairs()) {
        index.put(pair.gpuA() + "\n" + pair.gpuB(), pair);
      }
      return index;
    });
    GpuPair pair = pairs.get(gpuA + "\n" + gpuB);
    return pair != null ? pair : pairs.get(gpuB + "\n" + gpuA);
  }

  /** Hosts that appear at either end of some measurement. */
  public Set<String> measuredHosts() {
    return measuredHosts;
  }

  /** Measurements made between two hosts in either direction, in record order (src's first). */
  List<LinkMeasurement> linksBetween(String hostA, String hostB) {
    List<LinkMeasurement> found = new ArrayList<>(linksByHostPair.getOrDefault(hostPair(hostA, hostB),
        List.of()));
    if (!hostA.equals(hostB)) {
      found.addAll(linksByHostPair.getOrDefault(hostPair(hostB, hostA), List.of()));
    }
    return found;
  }

  /** The first ok measurement (in host-id order) with this key, or null. */
  LinkMeasurement representative(LinkKey key) {
    return representatives.get(key);
  }

  /** The key a measurement is filed under for representative lookups. */
  LinkKey keyOf(LinkMeasurement link) {
    boolean sameHost = link.src().host().equals(link.dst().host());
    String shape = "";
    if (sameHost && link.src().gpu() != null && link.dst().gpu() != null) {
      shape = cudaShape(link.src().host(), link.src().gpu(), link.dst().gpu());
    }
    String sites = sitePair(link.src().host(), link.dst().host());
    if (link.backend() == Backend.CUDA) {
      // CUDA links are told apart by the GPU pair's shape, not by provider or fabric name.
      return new LinkKey(Backend.CUDA.wire(), null, null, sameHost, shape, sites);
    }
    return new LinkKey(link.backend().wire(), link.provider(), link.fabricName(), sameHost, "", sites);
  }

  /**
   * The sites of two hosts, in order, as a key: a measurement stands in for another pair only when
   * it joins the same sites. A host without a record (measured to, not read) counts as unnamed, like
   * a record without a site, so that fleets without sites plan as they always did.
   */
  String sitePair(String hostA, String hostB) {
    String a = siteOf(hostA);
    String b = siteOf(hostB);
    return a.compareTo(b) <= 0 ? a + "\n" + b : b + "\n" + a;
  }

  private String siteOf(String hostId) {
    CapabilityRecord record = byHost.get(hostId);
    return record == null || record.host().site() == null ? "" : record.host().site();
  }

  /**
   * What makes two GPU pairs' CUDA measurements interchangeable: GPU model, NVLink count and path class.
   */
  String cudaShape(String hostId, String gpuA, String gpuB) {
    CapabilityRecord record = byHost.get(hostId);
    Gpu gpu = record == null ? null : record.gpu(gpuA);
    GpuPair pair = pair(hostId, gpuA, gpuB);
    return (gpu == null ? "?" : gpu.name()) + "|"
        + (pair == null ? "?" : pair.nvlinkCount() + "|" + pair.pathClass());
  }

  /** True when an endpoint names a host in the fleet and, if given, one of its GPUs. */
  public boolean resolves(Endpoint endpoint) {
    CapabilityRecord record = byHost.get(endpoint.host());
    return record != null && (endpoint.gpu() == null || record.gpu(endpoint.gpu()) != null);
  }

  private static String hostPair(String a, String b) {
    return a + "\n" + b;
  }

  /** Identifies measurements that may stand in for each other. */
  record LinkKey(
      String backend, String provider, String fabricName, boolean sameHost, String shape,
      String sites) {}
}
