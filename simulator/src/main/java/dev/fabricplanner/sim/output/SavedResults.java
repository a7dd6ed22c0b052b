package dev.fabricplanner.sim.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.result.AdmissionStats;
import dev.fabricplanner.sim.result.BatchSeries;
import dev.fabricplanner.sim.result.GpuUsage;
import dev.fabricplanner.sim.result.HedgeStats;
import dev.fabricplanner.sim.result.InvariantCheck;
import dev.fabricplanner.sim.result.KvEventStaleness;
import dev.fabricplanner.sim.result.KvTransferSummary;
import dev.fabricplanner.sim.result.LatencySummary;
import dev.fabricplanner.sim.result.LinkUse;
import dev.fabricplanner.sim.result.PipelineHopSummary;
import dev.fabricplanner.sim.result.RequestCounts;
import dev.fabricplanner.sim.result.ServerBalance;
import dev.fabricplanner.sim.result.ServingStats;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.sim.result.Throughput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Reads the results {@code planner sim} wrote into a folder back into {@link SimulationResult}s: every
 * {@code <strategy>.json} (the {@link ResultJson} contract) with, when present, its
 * {@code <strategy>/latency.hdr} histograms for CDFs. Problems are one line each, naming the file and
 * the field.
 */
public final class SavedResults {
  private static final List<String> TYPES = List.of("llm", "vision", "asr");
  /** JSON files a results folder may hold that are not a strategy's results (a sweep's run record). */
  private static final java.util.Set<String> NOT_RESULTS = java.util.Set.of("timing.json", "sweep-run.json");

  private SavedResults() {}

  /** The folder's results, in file-name order. */
  public static List<SimulationResult> read(Path dir) throws InvalidInputException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          dir + ": not a folder (wanted a planner sim output folder)");
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files =
          listing
              .filter(p -> p.getFileName().toString().endsWith(".json"))
              .filter(p -> !NOT_RESULTS.contains(p.getFileName().toString()))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new InvalidInputException(dir + ": cannot list the folder (" + e.getMessage() + ")");
    }
    if (files.isEmpty()) {
      throw new InvalidInputException(
          dir + ": no <strategy>.json result files (run planner sim with --format json or both)");
    }
    List<String> problems = new ArrayList<>();
    List<SimulationResult> results = new ArrayList<>();
    for (Path file : files) {
      SimulationResult result = readOne(file, problems);
      if (result != null) {
        results.add(result);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return results;
  }

  private static SimulationResult readOne(Path file, List<String> problems) {
    JsonNode root;
    try {
      root = ResultJson.MAPPER.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      problems.add(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
          + ": not valid JSON (" + e.getOriginalMessage() + ")");
      return null;
    } catch (IOException e) {
      problems.add(file + ": cannot read (" + e.getMessage() + ")");
      return null;
    }
    Fields fields = new Fields(file, problems);
    int before = problems.size();
    String strategy = fields.text(root, "strategy");
    Map<String, Histogram> histograms = histograms(file, strategy, problems);
    SimulationResult result =
        new SimulationResult(
            strategy,
            fields.integer(root, "seed"),
            fields.number(root, "simulated_s"),
            counts(fields, root, "requests"),
            countsByType(fields, root),
            summaries(fields, root, "latency_ms"),
            summaries(fields, root, "ttft_ms"),
            summaries(fields, root, "queue_wait_ms"),
            summaries(fields, root, "service_ms"),
            new Throughput(
                fields.number(root, "throughput.requests_per_s"),
                fields.number(root, "throughput.tokens_per_s")),
            gpuUsage(fields, root),
            fields.number(root, "cost_per_1k_tokens"),
            new HedgeStats(
                fields.integer(root, "hedge.issued"),
                fields.integer(root, "hedge.won"),
                fields.number(root, "hedge.wasted_gpu_s")),
            fields.integer(root, "engine.events"),
            invariants(fields, root),
            histograms,
            new AdmissionStats(
                fields.integer(root, "admission.kv_waits"),
                fields.integer(root, "admission.kv_rejects")),
            serving(fields, root),
            batches(fields, root),
            kvTransfer(fields, root));
    return problems.size() == before ? result : null;
  }

  /**
   * A disaggregated run's KV transfers; other runs have none. Transport names hold dots and colons
   * ({@code libfabric:efa}), so the maps are walked, not addressed by dotted paths.
   */
  private static Optional<KvTransferSummary> kvTransfer(Fields fields, JsonNode root) {
    JsonNode kv = root.path("kv_transfer");
    if (kv.isMissingNode()) {
      return Optional.empty();
    }
    SortedMap<String, Long> bytes = new TreeMap<>();
    entries(fields, kv, "bytes_by_transport").forEach((name, value) -> {
      if (value.canConvertToLong() && value.isIntegralNumber()) {
        bytes.put(name, value.asLong());
      } else {
        fields.problem("kv_transfer.bytes_by_transport." + name, "not a whole number of bytes");
      }
    });
    Map<String, LinkUse> links = new LinkedHashMap<>();
    entries(fields, kv, "links").forEach((name, use) -> {
      if (!use.path("links").isIntegralNumber() || !use.path("mean_utilization").isNumber()
          || !use.path("max_utilization").isNumber() || !use.path("busiest").isTextual()) {
        fields.problem("kv_transfer.links." + name,
            "want {links, mean_utilization, max_utilization, busiest}");
        return;
      }
      links.put(name, new LinkUse(use.path("links").asLong(),
          use.path("mean_utilization").asDouble(), use.path("max_utilization").asDouble(),
          use.path("busiest").asText()));
    });
    Map<String, Double> parts = new LinkedHashMap<>();
    entries(fields, kv, "ttft_breakdown_ms").forEach((name, value) -> {
      if (value.isNumber()) {
        parts.put(name, value.asDouble());
      } else {
        fields.problem("kv_transfer.ttft_breakdown_ms." + name, "not a number");
      }
    });
    Map<String, String> fallbacks = new LinkedHashMap<>();
    entries(fields, kv, "fallbacks").forEach((pair, value) -> fallbacks.put(pair, value.asText()));
    return Optional.of(new KvTransferSummary(
        fields.integer(root, "kv_transfer.transfers"),
        bytes,
        summary(fields, root, "kv_transfer.ms"),
        fields.integer(root, "kv_transfer.extrapolated"),
        fields.number(root, "kv_transfer.link_wait_ms"),
        links,
        fields.number(root, "kv_transfer.ttft_share"),
        parts,
        fallbacks,
        pipelineHops(fields, root)));
  }

  /** The cross-host pipeline hops, written only by runs that had them. */
  private static Optional<PipelineHopSummary> pipelineHops(Fields fields, JsonNode root) {
    JsonNode hops = root.path("kv_transfer").path("pipeline_hops");
    if (hops.isMissingNode()) {
      return Optional.empty();
    }
    SortedMap<String, Long> bytes = new TreeMap<>();
    hops.path("bytes_by_transport").fields().forEachRemaining(e -> {
      if (e.getValue().isIntegralNumber()) {
        bytes.put(e.getKey(), e.getValue().asLong());
      } else {
        fields.problem("kv_transfer.pipeline_hops.bytes_by_transport." + e.getKey(),
            "not a whole number of bytes");
      }
    });
    return Optional.of(new PipelineHopSummary(
        fields.integer(root, "kv_transfer.pipeline_hops.sends"), bytes,
        fields.integer(root, "kv_transfer.pipeline_hops.extrapolated"),
        fields.number(root, "kv_transfer.pipeline_hops.link_wait_ms")));
  }

  /** The members of {@code parent.key}, in file order; a problem if it is not an object. */
  private static Map<String, JsonNode> entries(Fields fields, JsonNode parent, String key) {
    Map<String, JsonNode> members = new LinkedHashMap<>();
    JsonNode node = parent.path(key);
    if (!node.isObject()) {
      fields.problem("kv_transfer." + key, "missing or not an object");
      return members;
    }
    node.fields().forEachRemaining(e -> members.put(e.getKey(), e.getValue()));
    return members;
  }

  /**
   * The gpu object; results written before prefill busy was measured lack its keys and load with it
   * marked not recorded, so older folders still compare.
   */
  private static GpuUsage gpuUsage(Fields fields, JsonNode root) {
    double utilization = fields.number(root, "gpu.utilization");
    double vram = fields.number(root, "gpu.vram_utilization");
    JsonNode gpu = root.path("gpu");
    if (!gpu.has("prefill_busy")) {
      return GpuUsage.withoutPrefill(utilization, vram);
    }
    double busy = fields.number(root, "gpu.prefill_busy");
    JsonNode byProfile = gpu.path("prefill_busy_by_profile");
    Map<String, Double> busyByProfile = new LinkedHashMap<>();
    if (!byProfile.isObject()) {
      fields.problem(
          "gpu.prefill_busy_by_profile", "missing or not an object of profile: fraction");
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = byProfile.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (entry.getValue().isNumber()) {
          busyByProfile.put(entry.getKey(), entry.getValue().asDouble());
        } else {
          fields.problem("gpu.prefill_busy_by_profile." + entry.getKey(), "not a number");
        }
      }
    }
    return new GpuUsage(utilization, vram, busy, busyByProfile);
  }

  /** The step engine's figures; results written before it (or by validation runs) lack them. */
  private static ServingStats serving(Fields fields, JsonNode root) {
    if (!root.has("tpot_ms")) {
      return ServingStats.notRecorded();
    }
    return new ServingStats(
        true,
        summaries(fields, root, "tpot_ms"),
        summary(fields, root, "itl_ms"),
        summaries(fields, root, "scheduling_delay_ms"),
        fields.integer(root, "engine.steps"),
        fields.integer(root, "preemptions.count"),
        fields.integer(root, "preemptions.requests_preempted"),
        fields.number(root, "prefix_cache.hit_rate"),
        fields.integer(root, "prefix_cache.prefill_tokens_saved"),
        // Results written before these figures existed load them as zeros.
        root.has("load_balance")
            ? new ServerBalance(fields.number(root, "load_balance.busy_mean"),
                fields.number(root, "load_balance.busy_imbalance"))
            : new ServerBalance(0, 0),
        root.has("kv_events")
            ? new KvEventStaleness(fields.number(root, "kv_events.delay_ms"),
                fields.number(root, "kv_events.staleness_mean_ms"),
                fields.number(root, "kv_events.staleness_p99_ms"))
            : new KvEventStaleness(0, 0, 0));
  }

  /** Per-batch headline metrics; results written before batches were recorded lack them. */
  private static BatchSeries batches(Fields fields, JsonNode root) {
    if (!root.has("batches")) {
      return BatchSeries.none();
    }
    double first = fields.number(root, "batches.first_s");
    double length = fields.number(root, "batches.batch_s");
    Map<String, List<Double>> values = new LinkedHashMap<>();
    for (String key : BatchSeries.KEYS) {
      JsonNode array = root.path("batches").path(key);
      if (!array.isArray()) {
        fields.problem("batches." + key, "missing or not a list of numbers");
        continue;
      }
      List<Double> list = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        JsonNode v = array.get(i);
        if (v.isNumber()) {
          list.add(v.asDouble());
        } else if (v.isNull()) {
          list.add(Double.NaN);
        } else {
          fields.problem("batches." + key + "[" + i + "]", "not a number or null");
        }
      }
      values.put(key, list);
    }
    return new BatchSeries(first, length, values);
  }

  private static RequestCounts counts(Fields fields, JsonNode root, String path) {
    return new RequestCounts(
        fields.integer(root, path + ".arrived"),
        fields.integer(root, path + ".completed"),
        fields.integer(root, path + ".dropped"),
        fields.integer(root, path + ".failed"),
        fields.integer(root, path + ".in_flight"));
  }

  private static Map<String, RequestCounts> countsByType(Fields fields, JsonNode root) {
    Map<String, RequestCounts> byType = new LinkedHashMap<>();
    byType.put("all", counts(fields, root, "requests"));
    for (String type : TYPES) {
      if (root.path("requests").path("by_type").has(type)) {
        byType.put(type, counts(fields, root, "requests.by_type." + type));
      }
    }
    return byType;
  }

  private static Map<String, LatencySummary> summaries(Fields fields, JsonNode root, String path) {
    Map<String, LatencySummary> byType = new LinkedHashMap<>();
    byType.put("all", summary(fields, root, path));
    for (String type : TYPES) {
      if (root.path(path).path("by_type").has(type)) {
        byType.put(type, summary(fields, root, path + ".by_type." + type));
      }
    }
    return byType;
  }

  private static LatencySummary summary(Fields fields, JsonNode root, String path) {
    return new LatencySummary(
        fields.integer(root, path + ".count"),
        fields.number(root, path + ".mean"),
        fields.number(root, path + ".p50"),
        fields.number(root, path + ".p95"),
        fields.number(root, path + ".p99"),
        fields.number(root, path + ".p999"),
        fields.number(root, path + ".max"));
  }

  private static List<InvariantCheck> invariants(Fields fields, JsonNode root) {
    JsonNode node = root.path("invariants");
    if (!node.isObject()) {
      fields.problem("invariants", "missing or not an object");
      return List.of();
    }
    List<InvariantCheck> checks = new ArrayList<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode passed = node.path(name).path("passed");
      if (!passed.isBoolean()) {
        fields.problem("invariants." + name + ".passed", "missing or not true/false");
        continue;
      }
      checks.add(new InvariantCheck(name, passed.asBoolean(), node.path(name).path("detail").asText("")));
    }
    return checks;
  }

  /** The strategy's latency.hdr, or no histograms when the run did not write one. */
  private static Map<String, Histogram> histograms(Path json, String strategy, List<String> problems) {
    if (strategy == null) {
      return Map.of();
    }
    Path file =
        json.resolveSibling(ResultsFolder.fileName(strategy)).resolve(ResultsFolder.LATENCY_HISTOGRAMS);
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      return LatencyHistogramFile.parse(Files.readString(file));
    } catch (IOException e) {
      problems.add(file + ": cannot read (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      problems.add(file + ":" + e.getMessage());
    }
    return Map.of();
  }

  /** Reads dotted paths out of one JSON file, recording a problem for each missing or mistyped one. */
  private static final class Fields {
    private final Path file;
    private final List<String> problems;

    Fields(Path file, List<String> problems) {
      this.file = file;
      this.problems = problems;
    }

    void problem(String path, String what) {
      problems.add(file + ": " + path + ": " + what);
    }

    private JsonNode at(JsonNode root, String path) {
      JsonNode node = root;
      for (String key : path.split("\\.")) {
        node = node.path(key);
      }
      return node;
    }

    String text(JsonNode root, String path) {
      JsonNode node = at(root, path);
      if (!node.isTextual()) {
        problem(path, "missing or not a string");
        return null;
      }
      return node.asText();
    }

    double number(JsonNode root, String path) {
      JsonNode node = at(root, path);
      if (!node.isNumber()) {
        problem(path, "missing or not a number");
        return 0;
      }
      return node.asDouble();
    }

    long integer(JsonNode root, String path) {
      JsonNode node = at(root, path);
      if (!node.isIntegralNumber()) {
        problem(path, "missing or not an integer");
        return 0;
      }
      return node.asLong();
    }
  }
}
