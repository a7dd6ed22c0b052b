package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code planner sim --records DIR --disable-transport NAME} on examples/disaggregated.yaml. */
class SimDisaggregationCommandTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "disaggregated.yaml");
  private static final String RECORDS = Path.of("..", "examples", "records").toString();

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  private int planner(String... args) {
    return CliRunner.execute(new PlannerCli(), args);
  }

  @Test
  void withoutEfaTheRunReportsTheFallbackAndItsCost(@TempDir Path dir) throws Exception {
    assertThat(planner("sim", "--config", EXAMPLE.toString(), "--records", RECORDS,
        "--disable-transport", "efa", "--strategy", "pd_load", "--format", "json",
        "--output", dir.toString(), "--quiet")).isZero();
    JsonNode kv = new ObjectMapper().readTree(dir.resolve("pd_load.json").toFile()).get("kv_transfer");
    assertThat(kv.get("fallbacks").get("efa-p5-a 0 efa-p5-b 1 cross-host").asText())
        .isEqualTo("libfabric:efa -> quic");
    assertThat(kv.get("bytes_by_transport").has("quic")).isTrue();
    assertThat(kv.get("bytes_by_transport").has("libfabric:efa")).isFalse();
    assertThat(kv.get("ttft_breakdown_ms").get("transfer").asDouble()).isGreaterThan(100);
    assertThat(Files.readString(dir.resolve("config.yaml")))
        .contains("records: \"" + RECORDS + "\"").contains("disable_transports: [efa]");
    assertThat(Files.readString(dir.resolve("report.html"))).contains("TTFT broken down");
  }

  @Test
  void anUnknownTransportIsOneLine(@TempDir Path dir) {
    assertThat(planner("sim", "--config", EXAMPLE.toString(), "--records", RECORDS,
        "--disable-transport", "verbz", "--output", dir.toString(), "--quiet"))
        .isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr().strip().lines()).hasSize(1).allSatisfy(line -> assertThat(line)
        .contains("\"verbz\" is no transport between the bound hosts").doesNotContain("Exception"));
  }

  @Test
  void recordsNeedADisaggregationBlock(@TempDir Path dir) {
    assertThat(planner("sim", "--config", Path.of("..", "examples", "small.yaml").toString(),
        "--records", RECORDS, "--output", dir.toString(), "--quiet"))
        .isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr().strip().lines()).hasSize(1)
        .allSatisfy(line -> assertThat(line).contains("--records: ").contains("no disaggregation block"));
  }

  @Test
  void validateBindsTheFleetAsARunWould(@TempDir Path dir) throws Exception {
    String text = Files.readString(EXAMPLE).replace("records: examples/records",
        "records: " + Path.of(RECORDS).toAbsolutePath());
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, text);
    assertThat(planner("validate", "--config", good.toString())).isZero();
    Path missingHost = dir.resolve("missing-host.yaml");
    Files.writeString(missingHost, text.replace("efa-p5-b", "efa-p5-z"));
    assertThat(planner("validate", "--config", missingHost.toString()))
        .isEqualTo(CliRunner.EXIT_INVALID_INPUT);
    assertThat(console.stderr().strip().lines()).hasSize(1).allSatisfy(line -> assertThat(line)
        .contains("efa-p5-z").doesNotContain("Exception"));
  }
}
