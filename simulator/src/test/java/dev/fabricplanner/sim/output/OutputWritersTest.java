package dev.fabricplanner.sim.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.result.KvEventStaleness;
import dev.fabricplanner.sim.result.ServerBalance;
import dev.fabricplanner.sim.result.SimulationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputWritersTest {
  private final SimulationResult first = SampleResults.result("power_of_two", 99.5);
  private final SimulationResult second = SampleResults.result("baseline_rr", 250.0);

  @Test
  void strategyJsonHasTheContractKeys() throws Exception {
    JsonNode json = new ObjectMapper().readTree(ResultJson.render(first));
    assertThat(json.get("strategy").asText()).isEqualTo("power_of_two");
    assertThat(json.get("seed").asLong()).isEqualTo(7);
    assertThat(json.at("/requests/arrived").asLong()).isEqualTo(100);
    assertThat(json.at("/requests/in_flight").asLong()).isEqualTo(5);
    assertThat(json.at("/requests/by_type/llm/dropped").asLong()).isEqualTo(3);
    assertThat(json.at("/latency_ms/p99").asDouble()).isEqualTo(99.5);
    assertThat(json.at("/latency_ms/p999").asDouble()).isEqualTo(109.5);
    assertThat(json.at("/latency_ms/by_type/asr/p99").asDouble()).isEqualTo(98.5);
    assertThat(json.at("/ttft_ms/p50").asDouble()).isEqualTo(40);
    assertThat(json.at("/queue_wait_ms/p95").asDouble()).isEqualTo(80);
    assertThat(json.at("/throughput/tokens_per_s").asDouble()).isEqualTo(1234.25);
    assertThat(json.at("/gpu/vram_utilization").asDouble()).isEqualTo(0.5);
    assertThat(json.at("/gpu/prefill_busy").asDouble()).isEqualTo(0.4375);
    assertThat(json.at("/gpu/prefill_busy_by_profile/A100-SXM-80GB").asDouble()).isEqualTo(1.0);
    assertThat(json.at("/gpu/prefill_busy_by_profile").fieldNames())
        .toIterable().containsExactly("H100-SXM-80GB", "A100-SXM-80GB");
    assertThat(json.at("/cost_per_1k_tokens").asDouble()).isEqualTo(0.0123);
    assertThat(json.at("/hedge/wasted_gpu_s").isNumber()).isTrue();
    assertThat(json.at("/engine/events").asLong()).isEqualTo(4321);
    assertThat(json.at("/admission/kv_waits").asLong()).isEqualTo(6);
    assertThat(json.at("/admission/kv_rejects").asLong()).isEqualTo(2);
    assertThat(json.at("/prefix_cache/hit_rate").asDouble()).isEqualTo(0.25);
    assertThat(json.at("/load_balance/busy_mean").asDouble()).isEqualTo(0.625);
    assertThat(json.at("/load_balance/busy_imbalance").asDouble()).isEqualTo(1.25);
    assertThat(json.at("/kv_events/delay_ms").asDouble()).isEqualTo(15);
    assertThat(json.at("/kv_events/staleness_mean_ms").asDouble()).isEqualTo(7.5);
    assertThat(json.at("/kv_events/staleness_p99_ms").asDouble()).isEqualTo(15);
    assertThat(json.at("/invariants/conservation/passed").asBoolean()).isTrue();
  }

  @Test
  void tidyMetricsHasOneValuePerRow() {
    List<List<String>> rows = TidyMetrics.rows(first);
    assertThat(rows.get(0)).containsExactly("metric", "request_type", "statistic", "value");
    assertThat(rows).contains(List.of("requests", "all", "arrived", "100"))
        .contains(List.of("latency_ms", "llm", "p99", "100.5"))
        .contains(List.of("gpu", "all", "utilization", "0.625"))
        .contains(List.of("cost", "all", "per_1k_tokens", "0.0123"))
        .contains(List.of("gpu", "all", "prefill_busy", "0.4375"))
        .contains(List.of("gpu", "all", "prefill_busy_max", "1"))
        .contains(List.of("gpu_profile/H100-SXM-80GB", "all", "prefill_busy", "0.25"))
        .contains(List.of("gpu_profile/A100-SXM-80GB", "all", "prefill_busy", "1"))
        .contains(List.of("load_balance", "all", "busy_imbalance", "1.25"))
        .contains(List.of("kv_events", "all", "staleness_p99_ms", "15"));
    assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(4));
  }

  @Test
  void comparisonHasARowPerStrategyInOrder() {
    String csv = CsvText.of(ComparisonTable.csvRows(List.of(first, second)));
    List<String> lines = csv.lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("strategy,arrived,completed,dropped,failed,in_flight,latency_p50_ms");
    assertThat(lines.get(1)).startsWith("power_of_two,100,90,4,1,5,40,80,99.5,");
    assertThat(lines.get(2)).startsWith("baseline_rr,100,90,4,1,5,40,80,250,");
    assertThat(lines.get(1)).endsWith(",ok");
    assertThat(lines.get(0)).contains(",vram_utilization,prefill_busy,prefill_busy_max,");
    assertThat(lines.get(1)).contains(",0.5,0.4375,1,");
  }

  @Test
  void summaryTableAlignsColumns() {
    String text = ComparisonTable.text(List.of(first, second));
    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("strategy").contains("p99 ms");
    assertThat(lines.get(1).length()).isEqualTo(lines.get(0).length());
    assertThat(lines.get(2)).contains("250");
    // The busiest profile's prefill busy is the hot spot the terminal shows.
    assertThat(lines.get(0)).contains("pf max");
    assertThat(lines.get(0).length()).isLessThanOrEqualTo(120);
  }

  @Test
  void reportIsSelfContainedWithChartsPerStrategy() {
    String html = HtmlReport.render("t", List.of(first, second));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("power_of_two")
        .contains("baseline_rr").contains("End-to-end latency CDF")
        .contains("GPU slots, VRAM and prefill busy (fleet, busiest GPU profile)")
        .contains("Prefix-cache hit rate vs time to first token");
    assertThat(html).doesNotContain("<script").doesNotContain("src=\"http");
  }

  @Test
  void writesEveryFileAndTheSameBytesTwice(@TempDir Path dir) throws Exception {
    ResultsFolder folder = new ResultsFolder(dir.resolve("out"));
    folder.writeResults("seed: 7\n", List.of(first, second), OutputFormat.BOTH, "t");
    List<String> names = files(dir.resolve("out"));
    assertThat(names).containsExactlyInAnyOrder(
        "config.yaml", "comparison.csv", "power_of_two/metrics.csv", "baseline_rr/metrics.csv",
        "power_of_two.json", "baseline_rr.json", "report.html", "power_of_two/latency.hdr",
        "baseline_rr/latency.hdr");
    byte[] report = Files.readAllBytes(dir.resolve("out/report.html"));
    byte[] json = Files.readAllBytes(dir.resolve("out/power_of_two.json"));
    folder.writeResults("seed: 7\n", List.of(first, second), OutputFormat.BOTH, "t");
    assertThat(Files.readAllBytes(dir.resolve("out/report.html"))).isEqualTo(report);
    assertThat(Files.readAllBytes(dir.resolve("out/power_of_two.json"))).isEqualTo(json);
    assertThat(files(dir.resolve("out"))).hasSameSizeAs(names);
  }

  @Test
  void savedResultsReadBackEqualToWhatWasWritten(@TempDir Path dir) throws Exception {
    new ResultsFolder(dir).writeResults("seed: 7\n", List.of(first, second), OutputFormat.BOTH, "t");
    List<SimulationResult> read = SavedResults.read(dir);
    // File-name order; every figure (and the histograms, through latency.hdr) comes back.
    assertThat(read).extracting(SimulationResult::strategy).containsExactly("baseline_rr", "power_of_two");
    SimulationResult back = read.get(1);
    assertThat(back.requests()).isEqualTo(first.requests());
    assertThat(back.requestsByType()).isEqualTo(first.requestsByType());
    assertThat(back.latencyMs()).isEqualTo(first.latencyMs());
    assertThat(back.ttftMs()).isEqualTo(first.ttftMs());
    assertThat(back.queueWaitMs()).isEqualTo(first.queueWaitMs());
    assertThat(back.serviceMs()).isEqualTo(first.serviceMs());
    assertThat(back.throughput()).isEqualTo(first.throughput());
    assertThat(back.gpu()).isEqualTo(first.gpu());
    assertThat(back.hedge()).isEqualTo(first.hedge());
    assertThat(back.admission()).isEqualTo(first.admission());
    assertThat(back.serving().balance()).isEqualTo(first.serving().balance());
    assertThat(back.serving().kvEvents()).isEqualTo(first.serving().kvEvents());
    assertThat(back.invariants()).isEqualTo(first.invariants());
    assertThat(back.batches()).isEqualTo(first.batches()); // an empty batch (NaN) comes back as NaN
    assertThat(back.latencyHistograms().keySet()).isEqualTo(first.latencyHistograms().keySet());
    first.latencyHistograms().forEach((type, histogram) ->
        assertThat(back.latencyHistograms().get(type)).as(type).isEqualTo(histogram));
    assertThat(CsvText.of(ComparisonTable.csvRows(List.of(back))))
        .isEqualTo(CsvText.of(ComparisonTable.csvRows(List.of(first))));
  }

  /**
   * Results written before prefill busy existed have no such keys: they still load, the figure
   * marked not recorded, shown as an empty CSV cell and "-" on the terminal, and the report leaves
   * its bars out.
   */
  @Test
  void olderResultsWithoutPrefillBusyStillLoadAndCompare(@TempDir Path dir) throws Exception {
    new ResultsFolder(dir).writeResults("seed: 7\n", List.of(first), OutputFormat.BOTH, "t");
    Path json = dir.resolve("power_of_two.json");
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = (ObjectNode) mapper.readTree(Files.readString(json));
    ((ObjectNode) root.get("gpu")).remove(List.of("prefill_busy", "prefill_busy_by_profile"));
    root.remove(List.of("load_balance", "kv_events"));
    Files.writeString(json, mapper.writeValueAsString(root));

    SimulationResult old = SavedResults.read(dir).get(0);
    assertThat(old.serving().balance()).isEqualTo(new ServerBalance(0, 0));
    assertThat(old.serving().kvEvents()).isEqualTo(new KvEventStaleness(0, 0, 0));
    assertThat(old.gpu().utilization()).isEqualTo(0.625);
    assertThat(old.gpu().prefillBusyRecorded()).isFalse();
    assertThat(old.gpu().prefillBusyByProfile()).isEmpty();
    List<String> csv = CsvText.of(ComparisonTable.csvRows(List.of(old, second))).lines().toList();
    assertThat(csv.get(1)).contains(",0.5,,,");
    assertThat(csv.get(2)).contains(",0.5,0.4375,1,");
    String table = ComparisonTable.text(List.of(old, second));
    assertThat(table.lines().toList().get(1)).contains(" - ").doesNotContain("NaN");
    String html = HtmlReport.render("t", List.of(old, second));
    assertThat(html).contains("GPU slots and VRAM (prefill busy not recorded in older results)")
        .doesNotContain("NaN");
    assertThat(ResultJson.render(old)).doesNotContain("prefill_busy").doesNotContain("NaN");
  }

  @Test
  void aMistypedPrefillBusyIsOneLineNamingTheField(@TempDir Path dir) throws Exception {
    new ResultsFolder(dir).writeResults("seed: 7\n", List.of(first), OutputFormat.BOTH, "t");
    Path json = dir.resolve("power_of_two.json");
    Files.writeString(json, Files.readString(json)
        .replace("\"A100-SXM-80GB\" : 1.0", "\"A100-SXM-80GB\" : \"hot\""));
    assertThatThrownBy(() -> SavedResults.read(dir))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems()).containsExactly(
            json + ": gpu.prefill_busy_by_profile.A100-SXM-80GB: not a number"));
  }

  @Test
  void csvFormatWritesNoJson(@TempDir Path dir) throws Exception {
    new ResultsFolder(dir).writeResults("seed: 7\n", List.of(first), OutputFormat.CSV, "t");
    assertThat(files(dir)).containsExactlyInAnyOrder(
        "config.yaml", "comparison.csv", "power_of_two/metrics.csv", "report.html");
  }

  @Test
  void unsafeStrategyNamesBecomeSafeFileNames() {
    assertThat(ResultsFolder.fileName("com.acme.My Router/v2")).isEqualTo("com.acme.My_Router_v2");
  }

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
    }
  }
}
