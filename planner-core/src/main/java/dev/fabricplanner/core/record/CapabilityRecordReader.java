package dev.fabricplanner.core.record;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.json.JsonDocuments;
import dev.fabricplanner.core.json.StrictObject;
import java.io.IOException;
import dev.fabricplanner.core.TextFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads capability records strictly. Every problem of a file is reported, one line each, naming the
 * file, the JSON pointer and what is wanted; unknown fields are errors; a record written by a newer
 * schema version is refused rather than half-understood.
 */
public final class CapabilityRecordReader {
  /**
   * Largest record file read: a host that measured links to a thousand peers writes about 2 MiB, so
   * anything past 16 MiB is the wrong file, not a record.
   */
  public static final long MAX_RECORD_BYTES = 16L << 20;

  /** Reads one record file. */
  public CapabilityRecord read(Path file) throws InvalidInputException {
    byte[] bytes = readBytes(file);
    String source = file.toString();
    TextFile.refuseOtherEncodings(bytes, source);
    StrictObject.Problems problems = new StrictObject.Problems(source);
    boolean[] badUtf8 = new boolean[1];
    JsonNode root = JsonDocuments.parseUtf8(bytes, problems, badUtf8);
    if (badUtf8[0]) {
      TextFile.utf8(bytes, source);   // throws, naming the first byte that is not UTF-8
      problems.addWhole("not UTF-8 text; wanted UTF-8: save the file as UTF-8");
    }
    return record(root, problems);
  }

  /**
   * Reads a record file, or every {@code *.json} file of a folder (not recursive, in name order). All
   * files are read before failing, and a host id that two files claim is a problem.
   */
  public List<CapabilityRecord> readAll(Path fileOrFolder) throws InvalidInputException {
    List<Path> files = recordFiles(fileOrFolder);
    // Files are independent: read them on every core, then check across them in name order.
    List<Object> results = files.parallelStream().map(file -> {
      try {
        return (Object) read(file);
      } catch (InvalidInputException e) {
        return e;
      }
    }).toList();
    List<CapabilityRecord> records = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, Path> hostFiles = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      if (results.get(i) instanceof InvalidInputException e) {
        problems.addAll(e.problems());
        continue;
      }
      CapabilityRecord record = (CapabilityRecord) results.get(i);
      Path earlier = hostFiles.putIfAbsent(record.host().id(), file);
      if (earlier != null) {
        problems.add(file + ": /host/id: wanted a host id no other record uses, \""
            + record.host().id() + "\" is also in " + earlier);
      } else {
        records.add(record);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return records;
  }

  /** The record files a path names: the file itself, or the folder's *.json files in name order. */
  public static List<Path> recordFiles(Path fileOrFolder) throws InvalidInputException {
    if (Files.isRegularFile(fileOrFolder)) {
      return List.of(fileOrFolder);
    }
    if (!Files.isDirectory(fileOrFolder)) {
      throw new InvalidInputException(
          fileOrFolder + ": no such file or folder; wanted a capability record file or a folder of them");
    }
    try (Stream<Path> entries = Files.list(fileOrFolder)) {
      List<Path> files =
          entries
              .filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new InvalidInputException(
            fileOrFolder + ": no *.json files; wanted at least one capability record");
      }
      return files;
    } catch (IOException e) {
      throw new InvalidInputException(fileOrFolder + ": cannot list the folder (" + e.getMessage() + ")");
    }
  }

  /** Reads one record from JSON text; source names it in problem lines. */
  public CapabilityRecord parse(String json, String source) throws InvalidInputException {
    StrictObject.Problems problems = new StrictObject.Problems(source);
    return record(JsonDocuments.parse(json, problems), problems);
  }

  private static CapabilityRecord record(JsonNode root, StrictObject.Problems problems)
      throws InvalidInputException {
    CapabilityRecord record = null;
    if (root != null) {
      StrictObject object = StrictObject.root(root, problems);
      Integer version = object == null ? null : readableVersion(object, problems);
      if (version != null) {
        record = record(object, version);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems.lines());
    }
    return record;
  }

  /** The record's schema version when this code reads it; null (with a problem) otherwise. */
  private static Integer readableVersion(StrictObject root, StrictObject.Problems problems) {
    Integer version = root.requiredInt("schema_version", 1, Integer.MAX_VALUE);
    if (version == null) {
      return null;
    }
    if (version > CapabilityRecord.SCHEMA_VERSION) {
      problems.add("/schema_version", "this record uses schema version " + version
          + ", newer than the " + CapabilityRecord.SCHEMA_VERSION
          + " this planner reads; upgrade fabric-planner or re-run an older probe-agent");
      return null;
    }
    return version;
  }

  /**
   * Version 1 records cannot hold the fields version 2 added: a file that has them but says version 1
   * was edited by hand or written by a broken probe, and reading it as either would guess.
   */
  private static void onlyFromVersion2(StrictObject o, int version, String... names) {
    if (version >= 2) {
      return;
    }
    for (String name : names) {
      if (o.has(name)) {
        o.problem(name, "this field needs schema_version 2; the record says 1");
      }
    }
  }

  private static CapabilityRecord record(StrictObject root, int version) {
    HostIdentity host = host(root.requiredObject("host"), version);
    List<Gpu> gpus = new ArrayList<>();
    for (StrictObject o : root.objectArray("gpus", true)) {
      add(gpus, gpu(o));
    }
    List<GpuPair> pairs = new ArrayList<>();
    for (StrictObject o : root.objectArray("gpu_pairs", false)) {
      add(pairs, gpuPair(o));
    }
    List<Fabric> fabrics = new ArrayList<>();
    for (StrictObject o : root.objectArray("fabrics", true)) {
      add(fabrics, fabric(o, version));
    }
    List<LinkMeasurement> links = new ArrayList<>();
    for (StrictObject o : root.objectArray("links", false)) {
      add(links, link(o, version));
    }
    root.rejectUnknownFields();
    if (host == null || !root.problems().isEmpty()) {
      return null;
    }
    List<RecordRules.Violation> violations = RecordRules.check(host, gpus, pairs, fabrics, links);
    for (RecordRules.Violation v : violations) {
      root.problems().add(v.pointer(), v.wanted());
    }
    return violations.isEmpty() ? new CapabilityRecord(host, gpus, pairs, fabrics, links) : null;
  }

  private static <T> void add(List<T> list, T element) {
    if (element != null) {
      list.add(element);
    }
  }

  private static HostIdentity host(StrictObject o, int version) {
    if (o == null) {
      return null;
    }
    String id = o.requiredString("id");
    String hostname = o.requiredString("hostname");
    String agentVersion = o.requiredString("agent_version");
    Instant measuredAt = o.requiredInstant("measured_at");
    String site = o.optionalString("site");
    Provenance provenance = o.optionalEnum("provenance", Provenance.class, Provenance::wire);
    boolean badProvenance = o.has("provenance") && provenance == null;
    StrictObject softwareObject = o.optionalObject("software");
    HostSoftware software = software(softwareObject);
    boolean badSoftware = o.has("software") && software == null;
    onlyFromVersion2(o, version, "site", "provenance", "software");
    o.rejectUnknownFields();
    if (id == null || hostname == null || agentVersion == null || measuredAt == null
        || badProvenance || badSoftware) {
      return null;
    }
    return new HostIdentity(id, hostname, agentVersion, measuredAt, site, provenance, software);
  }

  private static HostSoftware software(StrictObject o) {
    if (o == null) {
      return null;
    }
    String commit = o.optionalString("agent_commit");
    String libfabric = o.optionalString("libfabric_version");
    String kernel = o.requiredString("kernel");
    String os = o.requiredString("os");
    String cudaRuntime = o.optionalString("cuda_runtime");
    String cudaDriver = o.optionalString("cuda_driver");
    String nvmlDriver = o.optionalString("nvml_driver");
    o.rejectUnknownFields();
    if (kernel == null || os == null || (o.has("agent_commit") && commit == null)
        || (o.has("libfabric_version") && libfabric == null)
        || (o.has("cuda_runtime") && cudaRuntime == null)
        || (o.has("cuda_driver") && cudaDriver == null)
        || (o.has("nvml_driver") && nvmlDriver == null)) {
      return null;
    }
    return new HostSoftware(commit, libfabric, kernel, os, cudaRuntime, cudaDriver, nvmlDriver);
  }

  private static Gpu gpu(StrictObject o) {
    String id = o.requiredString("id");
    Integer index = o.requiredInt("index", 0, 1023);
    String name = o.requiredString("name");
    Long vram = o.requiredLong("vram_bytes", 0);
    String pci = o.optionalString("pci_bus_id");
    Integer numa = o.optionalInt("numa_node", 0, 1023);
    o.rejectUnknownFields();
    if (id == null || index == null || name == null || vram == null) {
      return null;
    }
    return new Gpu(id, index, name, vram, pci, numa);
  }

  private static GpuPair gpuPair(StrictObject o) {
    String a = o.requiredString("gpu_a");
    String b = o.requiredString("gpu_b");
    Boolean peer = o.requiredBoolean("peer_access");
    Boolean nvlink = o.requiredBoolean("nvlink_active");
    Integer links = o.requiredInt("nvlink_count", 0, 64);
    PathClass path = o.optionalEnum("path_class", PathClass.class, PathClass::wire);
    boolean badPath = o.has("path_class") && path == null;
    NvmlP2pStatus p2p = o.optionalEnum("nvml_p2p_status", NvmlP2pStatus.class, NvmlP2pStatus::wire);
    boolean badP2p = o.has("nvml_p2p_status") && p2p == null;
    o.rejectUnknownFields();
    if (a == null || b == null || peer == null || nvlink == null || links == null || badPath
        || badP2p) {
      return null;
    }
    return new GpuPair(a, b, peer, nvlink, links, path, p2p);
  }

  private static Fabric fabric(StrictObject o, int version) {
    String id = o.requiredString("id");
    Backend backend = o.requiredEnum("backend", Backend.class, Backend::wire);
    String provider = o.requiredString("provider");
    EndpointType endpointType =
        o.optionalEnum("endpoint_type", EndpointType.class, EndpointType::wire);
    boolean badType = o.has("endpoint_type") && endpointType == null;
    String fabricName = o.requiredString("fabric_name");
    String domain = o.optionalString("domain_name");
    FabricStatus status = o.requiredEnum("status", FabricStatus.class, FabricStatus::wire);
    String reason = o.optionalString("reason");
    Boolean hmem = o.optionalBoolean("hmem");
    RmaSupport rma = o.optionalEnum("rma", RmaSupport.class, RmaSupport::wire);
    boolean badRma = o.has("rma") && rma == null;
    Integer numa = o.optionalInt("numa_node", 0, 1023);
    String nicModel = o.optionalString("nic_model");
    LinkLayer linkLayer = o.optionalEnum("link_layer", LinkLayer.class, LinkLayer::wire);
    Double nominal = o.optionalDouble("nominal_bytes_per_s", 0, true);
    onlyFromVersion2(o, version, "nic_model", "link_layer", "nominal_bytes_per_s");
    o.rejectUnknownFields();
    if (status != null && status != FabricStatus.OK && reason == null) {
      o.problem("reason", "missing; a " + status.wire() + " fabric needs a reason");
      return null;
    }
    if (id == null || backend == null || provider == null || fabricName == null || status == null
        || badType || badRma || (o.has("nic_model") && nicModel == null)
        || (o.has("link_layer") && linkLayer == null) || (o.has("nominal_bytes_per_s") && nominal == null)
        || (o.has("numa_node") && numa == null) || (o.has("hmem") && hmem == null)) {
      return null;
    }
    return new Fabric(id, backend, provider, endpointType, fabricName, domain, status, reason, hmem,
        rma, numa, nicModel, linkLayer, nominal);
  }

  private static LinkMeasurement link(StrictObject o, int version) {
    Endpoint src = endpoint(o.requiredObject("src"));
    Endpoint dst = endpoint(o.requiredObject("dst"));
    Backend backend = o.requiredEnum("backend", Backend.class, Backend::wire);
    String provider = o.requiredString("provider");
    String fabricName = o.requiredString("fabric_name");
    String srcDomain = o.optionalString("src_domain");
    String dstDomain = o.optionalString("dst_domain");
    FabricStatus status = o.requiredEnum("status", FabricStatus.class, FabricStatus::wire);
    String reason = o.optionalString("reason");
    Instant measuredAt = o.requiredInstant("measured_at");
    Integer warmup = o.requiredInt("warmup_iterations", 0, Integer.MAX_VALUE);
    Boolean verified = o.requiredBoolean("payload_verified");
    List<SizeSample> sweep = new ArrayList<>();
    List<StrictObject> sampleObjects = o.objectArray("sweep", true);
    boolean sweepOk = true;
    for (StrictObject s : sampleObjects) {
      SizeSample sample = sample(s);
      if (sample == null) {
        sweepOk = false;
      } else if (!sweep.isEmpty() && sample.sizeBytes() <= sweep.get(sweep.size() - 1).sizeBytes()) {
        s.problem("size_bytes", "wanted sizes in strictly ascending order, got " + sample.sizeBytes()
            + " after " + sweep.get(sweep.size() - 1).sizeBytes());
        sweepOk = false;
      } else {
        sweep.add(sample);
      }
    }
    LinkFacts facts = facts(o.optionalObject("facts"), version);
    boolean badFacts = o.has("facts") && facts == null;
    Map<String, String> settings = o.optionalStringMap("settings");
    Shortfall shortfall = shortfall(o.optionalObject("shortfall"));
    boolean badShortfall = o.has("shortfall") && shortfall == null;
    onlyFromVersion2(o, version, "shortfall");
    o.rejectUnknownFields();
    if (status == FabricStatus.OK && sweep.isEmpty()) {
      // A missing, null or non-array sweep is already reported; an empty array is reported here.
      if (o.isEmptyArray("sweep")) {
        o.problem("sweep", "wanted at least one sample for an ok measurement");
      }
      return null;
    }
    if (status != null && status != FabricStatus.OK && reason == null) {
      o.problem("reason", "missing; a " + status.wire() + " measurement needs a reason");
      return null;
    }
    if (src == null || dst == null || backend == null || provider == null || fabricName == null
        || status == null || measuredAt == null || warmup == null || verified == null || !sweepOk
        || badFacts || settings == null || badShortfall) {
      return null;
    }
    return new LinkMeasurement(src, dst, backend, provider, fabricName, srcDomain, dstDomain, status,
        reason, measuredAt, warmup, verified, sweep, facts, settings, shortfall);
  }

  private static Shortfall shortfall(StrictObject o) {
    if (o == null) {
      return null;
    }
    Double nominal = o.requiredDouble("nominal_bytes_per_s", 0, true);
    Double fraction = o.requiredDouble("measured_fraction", 0, false);
    ShortfallCause cause = o.requiredEnum("likely_cause", ShortfallCause.class, ShortfallCause::wire);
    String detail = o.optionalString("detail");
    o.rejectUnknownFields();
    if (nominal == null || fraction == null || cause == null || (o.has("detail") && detail == null)) {
      return null;
    }
    return new Shortfall(nominal, fraction, cause, detail);
  }

  private static Endpoint endpoint(StrictObject o) {
    if (o == null) {
      return null;
    }
    String host = o.requiredString("host");
    String gpu = o.optionalString("gpu");
    o.rejectUnknownFields();
    return host == null ? null : new Endpoint(host, gpu);
  }

  private static SizeSample sample(StrictObject o) {
    Long size = o.requiredLong("size_bytes", 1);
    Double p50 = o.requiredDouble("latency_p50_us", 0, false);
    Double p99 = o.requiredDouble("latency_p99_us", 0, false);
    Double bandwidth = o.requiredDouble("bandwidth_bytes_per_s", 0, true);
    Double noise = o.requiredDouble("noise_pct", 0, false);
    Integer iterations = o.requiredInt("iterations", 1, Integer.MAX_VALUE);
    o.rejectUnknownFields();
    if (size == null || p50 == null || p99 == null || bandwidth == null || noise == null
        || iterations == null) {
      return null;
    }
    if (p99 < p50) {
      o.problem("latency_p99_us", "wanted a p99 >= latency_p50_us (" + p50 + "), got " + p99);
      return null;
    }
    return new SizeSample(size, p50, p99, bandwidth, noise, iterations);
  }

  private static LinkFacts facts(StrictObject o, int version) {
    if (o == null) {
      return null;
    }
    GpuPath gpuPath = o.optionalEnum("gpu_path", GpuPath.class, GpuPath::wire);
    onlyFromVersion2(o, version, "gpu_path");
    PathClass path = o.optionalEnum("path_class", PathClass.class, PathClass::wire);
    NvmlP2pStatus p2p = o.optionalEnum("nvml_p2p_status", NvmlP2pStatus.class, NvmlP2pStatus::wire);
    Boolean hmem = o.optionalBoolean("hmem");
    RmaSupport rma = o.optionalEnum("rma", RmaSupport.class, RmaSupport::wire);
    o.rejectUnknownFields();
    if ((o.has("path_class") && path == null) || (o.has("nvml_p2p_status") && p2p == null)
        || (o.has("hmem") && hmem == null) || (o.has("rma") && rma == null)
        || (o.has("gpu_path") && gpuPath == null)) {
      return null;
    }
    return new LinkFacts(path, p2p, hmem, rma, gpuPath);
  }

  private static byte[] readBytes(Path file) throws InvalidInputException {
    try {
      long size = Files.size(file);
      if (size > MAX_RECORD_BYTES) {
        throw new InvalidInputException(String.format(java.util.Locale.ROOT,
            "%s: %,d bytes is more than the %d MiB a capability record may be; wanted one host's"
                + " record", file, size, MAX_RECORD_BYTES >> 20));
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "); wanted a readable capability record file");
    }
  }

}
