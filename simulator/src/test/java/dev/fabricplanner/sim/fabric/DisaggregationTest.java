package dev.fabricplanner.sim.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.ProgressListener;
import dev.fabricplanner.sim.Simulation;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.ConfigWriter;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.output.HtmlReport;
import dev.fabricplanner.sim.output.OutputFormat;
import dev.fabricplanner.sim.output.ResultJson;
import dev.fabricplanner.sim.output.ResultsFolder;
import dev.fabricplanner.sim.output.SavedResults;
import dev.fabricplanner.sim.result.KvTransferSummary;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyProvider;
import dev.fabricplanner.strategy.StrategyRegistry;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/disaggregated.yaml on examples/records: P/D serving with KV transfers the planner prices. */
class DisaggregationTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  /** 2,048 tokens x 131,072 B = 256 MiB: the largest size both sweeps below measured or reach. */
  static final int PROMPT = 2048;
  static final double KV_BYTES = PROMPT * 131072.0;
  /** Always across the hosts: prefill on efa-p5-a's GPU 0 (node 0), decode on efa-p5-b's GPU 1. */
  static final StrategyProvider ACROSS = new SimpleProvider("across", "node 0 -> node 3",
      context -> (request, view) -> RoutingDecision.pair(0, 3));

  /** The example's text with edits, the records folder found from the module's folder. */
  static SimulationConfig example(Map<String, String> edits) throws Exception {
    return example("disaggregated.yaml", edits);
  }

  /** An example bound to examples/records, with edits. */
  static SimulationConfig example(String file, Map<String, String> edits) throws Exception {
    String text = Files.readString(EXAMPLES.resolve(file));
    text = text.replace("records: examples/records", "records: " + EXAMPLES.resolve("records"));
    for (Map.Entry<String, String> edit : edits.entrySet()) {
      assertTrue(text.contains(edit.getKey()), edit.getKey());
      text = text.replace(edit.getKey(), edit.getValue());
    }
    return ConfigLoader.parse(text, file);
  }

  static SimulationResult run(SimulationConfig config, String name, StrategyProvider provider,
      Map<Double, Double> ttftByArrival) throws InvalidInputException {
    return Simulation.run(config, name, provider, StrategyParams.none(name), ProgressListener.NONE,
        (arrival, ttft, e2e, output) -> ttftByArrival.put(arrival, ttft));
  }

  static SimulationResult run(SimulationConfig config, String strategy) throws Exception {
    return Simulation.run(config, strategy, StrategyRegistry.fromClassPath().find(strategy),
        StrategyParams.none(strategy), ProgressListener.NONE);
  }

  @Test
  void prefixPairRouterReadsTheKvIndexAndFindsMoreCachedPrefixesThanLoad() throws Exception {
    // 64 system prompts of 4,096 tokens, about three requests each: routed by load, a prompt's
    // prefix is computed on both prefill nodes; routed by prefix, once.
    SimulationConfig shared = example(Map.of(
        "  arrival: { type: poisson, rps: 8 }\n  mix: { llm: 1, vision: 0, asr: 0 }\n",
        """
          shared_prefix:
            num_groups: 64
            num_prompts_per_group: 3
            system_prompt_len: 4096
            question_len: 128
            output_len: 64
          stages:
            - { rate_rps: 8, duration_s: 30 }
        """));
    SimulationResult load = run(shared, "pd_load");
    SimulationResult prefix = run(shared, "pd_prefix");
    System.out.printf("[pd] prefix hit rate: pd_load %.3f, pd_prefix %.3f%n",
        load.serving().prefixCacheHitRate(), prefix.serving().prefixCacheHitRate());
    assertTrue(prefix.invariantsHold(), prefix.invariants().toString());
    assertTrue(prefix.serving().prefixCacheHitRate() > load.serving().prefixCacheHitRate() + 0.1,
        "pd_prefix should find clearly more cached prefixes than pd_load");
  }

  @Test
  void exampleServesEveryRequestThroughBothTransports() throws Exception {
    SimulationResult result = run(example(Map.of()), "pd_load");
    assertTrue(result.invariantsHold(), ResultJson.render(result));
    KvTransferSummary kv = result.kvTransfer().orElseThrow();
    assertEquals(Map.of("libfabric:efa", true, "nvlink", true),
        Map.of("libfabric:efa", kv.bytesByTransport().get("libfabric:efa") > 0,
            "nvlink", kv.bytesByTransport().get("nvlink") > 0));
    double parts = kv.ttftBreakdownMs().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(result.ttftMs().get("all").mean(), parts, 1e-6 * parts, "TTFT parts sum to TTFT");
    assertTrue(kv.fallbacks().isEmpty());
    String report = HtmlReport.render("example", List.of(result));
    assertTrue(report.contains("TTFT broken down") && report.contains("libfabric:efa "), report);
  }

  @Test
  void resolvedConfigReadsBackTheSame() throws Exception {
    SimulationConfig config = example(Map.of("faults: []",
        "faults:\n  - { at_s: 15, kind: transport_down, transport: libfabric:efa }",
        "disable_transports: []", "disable_transports: [nvlink]"));
    String yaml = ConfigWriter.toYaml(config);
    assertEquals(config, ConfigLoader.parse(yaml, "config.yaml"), yaml);
  }

  @Test
  void sameSeedSameBytes() throws Exception {
    SimulationConfig config = example(Map.of());
    assertEquals(ResultJson.render(run(config, "pd_transport")),
        ResultJson.render(run(config, "pd_transport")));
  }

  @Test
  void savedResultsReadTheKvTransfersBack(@TempDir Path dir) throws Exception {
    // With EFA lost some transfers fall back: every map of kv_transfer has entries to read back.
    SimulationResult result = run(example(Map.of("disable_transports: []",
        "disable_transports: [efa]")), "pd_load");
    KvTransferSummary written = result.kvTransfer().orElseThrow();
    assertTrue(!written.fallbacks().isEmpty() && written.bytesByTransport().size() >= 2,
        written.toString());
    new ResultsFolder(dir).writeResults("seed: 42\n", List.of(result), OutputFormat.JSON, "t");
    SimulationResult back = SavedResults.read(dir).get(0);
    assertEquals(written, back.kvTransfer().orElseThrow());
  }

  /**
   * Target of issue 13: with EFA disabled the planner falls back (to QUIC, the only other transport
   * measured in site dc1 that both hosts have), and TTFT rises by the extra transfer time the records
   * predict, bytes / bandwidth, within 20 %. One request per 20 s keeps the QUIC link (2.1 s a
   * transfer) about 11 % busy, so queueing for it adds little.
   */
  @Test
  void losingEfaRaisesTtftByWhatTheRecordsPredict() throws Exception {
    Map<String, String> light = Map.of(
        "in_tokens: { dist: lognormal, mu: 6.633, sigma: 0.985 }",
        "in_tokens: { dist: constant, value: " + PROMPT + " }",
        "out_tokens: { dist: lognormal, mu: 5.019, sigma: 0.859 }",
        "out_tokens: { dist: constant, value: 16 }",
        "rps: 8", "rps: 0.05",
        "duration_s: 30", "duration_s: 1200");
    Map<String, String> noEfa = new HashMap<>(light);
    noEfa.put("disable_transports: []", "disable_transports: [efa]");
    Map<Double, Double> withEfa = new HashMap<>();
    Map<Double, Double> without = new HashMap<>();
    SimulationResult base = run(example(light), "across", ACROSS, withEfa);
    SimulationResult lost = run(example(noEfa), "across", ACROSS, without);
    assertTrue(base.invariantsHold() && lost.invariantsHold());
    assertEquals(Map.of("libfabric:efa -> quic", 1L), Map.of(
        lost.kvTransfer().orElseThrow().fallbacks().get("efa-p5-a 0 efa-p5-b 1 cross-host"), 1L));

    double rise = 0;
    int n = 0;
    for (Map.Entry<Double, Double> e : withEfa.entrySet()) {
      Double other = without.get(e.getKey());
      if (other != null) {
        rise += other - e.getValue();
        n++;
      }
    }
    assertTrue(n > 30, "requests answered in both runs: " + n);
    rise /= n;
    double predicted = KV_BYTES / topBandwidth("tcp-l40s-a.json", "quic")
        - KV_BYTES / (4 * topBandwidth("efa-p5-a.json", "efa"));
    System.out.printf("[disaggregation] EFA lost: TTFT +%.1f ms over %d requests, records predict"
        + " +%.1f ms%n", rise, n, predicted * 1000);
    assertEquals(1.0, rise / (predicted * 1000), 0.2);
  }

  @Test
  void transportDownMidRunFallsBackFromThen() throws Exception {
    SimulationConfig config = example(Map.of("faults: []",
        "faults:\n  - { at_s: 15, kind: transport_down, transport: efa, duration_s: 10 }"));
    SimulationResult result = run(config, "pd_load");
    assertTrue(result.invariantsHold());
    KvTransferSummary kv = result.kvTransfer().orElseThrow();
    assertEquals("libfabric:efa -> quic",
        kv.fallbacks().get("efa-p5-a 0 efa-p5-b 1 cross-host (transport_down efa)"));
    // EFA before and after the fault, QUIC during it, NVLink inside the hosts throughout.
    assertEquals(List.of("libfabric:efa", "nvlink", "quic"), List.copyOf(kv.bytesByTransport().keySet()));
    SimulationResult clean = run(example(Map.of()), "pd_load");
    assertTrue(kv.transferMs().mean() > 10 * clean.kvTransfer().orElseThrow().transferMs().mean());
  }

  @Test
  void losingDecodeNodesRetriesTheirRequestsFromThePrompt() throws Exception {
    // Cell 1's nodes go down at 10 s for 5 s: caches in flight to its decode node and requests on
    // it are routed again, prefilled again, and every request is accounted for.
    SimulationResult result = run(example(Map.of("faults: []",
        "faults:\n  - { at_s: 10, kind: node_loss, cell: 1, duration_s: 5 }")), "pd_load");
    assertTrue(result.invariantsHold(), ResultJson.render(result));
  }

  @Test
  void transportDownNeedsABinding() throws Exception {
    String text = Files.readString(EXAMPLES.resolve("disaggregated.yaml"));
    String unbound = text.substring(0, text.indexOf("disaggregation:"))
        .replace("faults: []", "faults:\n  - { at_s: 15, kind: transport_down, transport: efa }")
        .replace("  - pd_load\n  - pd_transport\n", "  - least_queue\n")
        .replace("  pd_transport: { load_weight_ms: 100 }\n", "");
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> ConfigLoader.parse(unbound, "unbound.yaml"));
    assertTrue(e.getMessage().contains("transport_down needs a disaggregation block"),
        e.getMessage());
  }

  /** Bandwidth of the record's first link of this provider at its largest measured size, B/s. */
  static double topBandwidth(String file, String provider) throws Exception {
    JsonNode record = new ObjectMapper().readTree(EXAMPLES.resolve("records").resolve(file).toFile());
    for (JsonNode link : record.get("links")) {
      if (link.get("provider").asText().equals(provider)) {
        JsonNode sweep = link.get("sweep");
        return sweep.get(sweep.size() - 1).get("bandwidth_bytes_per_s").asDouble();
      }
    }
    throw new AssertionError("no " + provider + " link in " + file);
  }

  @Test
  void badBindingsSayWhatIsWrongInOneLine() throws Exception {
    for (Map.Entry<String, String> bad : Map.of(
        "hosts: [efa-p5-a, efa-p5-b]", "no record for host \"efa-p5-x\"",
        "disable_transports: []", "\"verbz\" is no transport between the bound hosts",
        "nodes_per_cell: 2", "has 2 GPU(s) in its record, fewer than topology.nodes_per_cell (3)")
        .entrySet()) {
      String replacement = switch (bad.getKey()) {
        case "hosts: [efa-p5-a, efa-p5-b]" -> "hosts: [efa-p5-a, efa-p5-x]";
        case "disable_transports: []" -> "disable_transports: [verbz]";
        default -> "nodes_per_cell: 3";
      };
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> run(example(Map.of(bad.getKey(), replacement)), "pd_load"));
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      assertTrue(e.getMessage().contains(bad.getValue()), e.getMessage());
    }
  }

  @Test
  void decodeNodesWithoutRoomForKvAreRefused() throws Exception {
    // Weights of 85 GB on the 85.9 GB H100: nothing left for KV blocks.
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> run(example(Map.of("model_weights_gb: 16.1", "model_weights_gb: 85")), "pd_load"));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().contains("(decode node 1) holds 0 KV tokens"), e.getMessage());
  }

  @Test
  void aCellOfOneNodeCannotBeSplit() throws Exception {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> example(Map.of("nodes_per_cell: 2", "nodes_per_cell: 1")));
    assertTrue(e.getMessage().contains("needs topology.nodes_per_cell >= 2 (got 1)"),
        e.getMessage());
  }

  @Test
  void hostsWithNoUsableLinkAreRefused() throws Exception {
    // nvl8-h100 and efa-p5-a share no RDMA fabric and nothing measured tcp between them: with QUIC
    // disabled nothing is left to carry a KV cache across.
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> run(example(Map.of("hosts: [efa-p5-a, efa-p5-b]", "hosts: [nvl8-h100, efa-p5-a]",
            "disable_transports: []", "disable_transports: [quic]")), "pd_load"));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().contains("no usable link for KV transfers"), e.getMessage());
  }
}
