package dev.fabricplanner.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.pipeline.PipelineReader;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.CapabilityRecordWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warnings a plan carries about its records and hops, each naming the host and field, on example
 * records edited the way a user's records go wrong (written to files and read back).
 */
class PlanWarningsTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private static List<String> surveyWarnings(Path dir) throws Exception {
    List<CapabilityRecord> records = new CapabilityRecordReader().readAll(dir);
    return new PipelinePlanner().survey(records, PlannerSettings.defaults(NOW)).warnings();
  }

  /** Copies example records into dir, applying edits (pairs of text to replace) to the first one. */
  private static void copy(Path dir, String edited, String... edits) throws Exception {
    String text = Files.readString(EXAMPLES.resolve("records").resolve(edited));
    for (int i = 0; i < edits.length; i += 2) {
      assertThat(text).contains(edits[i]);
      text = text.replace(edits[i], edits[i + 1]);
    }
    Files.writeString(dir.resolve(edited), text);
  }

  @Test
  void anUnknownProviderIsNamedWithTheClosestKnownOne(@TempDir Path dir) throws Exception {
    copy(dir, "tcp-l40s-a.json", "\"provider\": \"verbs\"", "\"provider\": \"verbz\"");
    copy(dir, "tcp-l40s-b.json");
    assertThat(surveyWarnings(dir)).contains("record of tcp-l40s-a: /fabrics/1/provider: unknown"
        + " libfabric provider \"verbz\", planned only with hosts that list the same name; did you"
        + " mean \"verbs\"?");
  }

  @Test
  void aSurveyWithNothingToPlanSaysWhy(@TempDir Path dir) throws Exception {
    copy(dir, "tcp-l40s-a.json"); // one host, one GPU: no pair of hosts, no pair of GPUs
    List<CapabilityRecord> records = new CapabilityRecordReader().readAll(dir);
    RoutePlan plan = new PipelinePlanner().survey(records, PlannerSettings.defaults(NOW));
    assertThat(plan.hops()).isEmpty();
    assertThat(plan.warnings().get(0)).isEqualTo("nothing to survey: 1 host(s) and no host with two"
        + " GPUs; a survey plans a hop between every two hosts and between the GPUs inside each");
    copy(dir, "tcp-l40s-b.json");
    assertThat(surveyWarnings(dir)).noneSatisfy(w -> assertThat(w).startsWith("nothing to survey"));
  }

  @Test
  void layeredProviderNamesAsTheProbeWritesThemAreKnown(@TempDir Path dir) throws Exception {
    // probe-agent names a layered provider as fi_info does: core;utility.
    copy(dir, "tcp-l40s-a.json", "\"provider\": \"tcp\"", "\"provider\": \"tcp;ofi_rxm\"");
    copy(dir, "tcp-l40s-b.json", "\"provider\": \"tcp\"", "\"provider\": \"tcp;ofi_rxm\"");
    assertThat(surveyWarnings(dir)).noneSatisfy(w -> assertThat(w).contains("unknown libfabric provider"));
    copy(dir, "tcp-l40s-a.json", "\"provider\": \"tcp\"", "\"provider\": \"tcp;ofi_rxz\"");
    assertThat(surveyWarnings(dir)).anySatisfy(w -> assertThat(w)
        .contains("unknown libfabric provider \"tcp;ofi_rxz\""));
  }

  @Test
  void implausibleFiguresFutureTimesAndStaleLinksAreWarnedWithTheirField(@TempDir Path dir)
      throws Exception {
    copy(dir, "tcp-l40s-a.json",
        "\"bandwidth_bytes_per_s\": 2791000000.0", "\"bandwidth_bytes_per_s\": 48700000000000.0",
        "\"measured_at\": \"2026-11-24T09:00:00Z\",\n      \"warmup_iterations\": 100",
        "\"measured_at\": \"2027-01-01T00:00:00Z\",\n      \"warmup_iterations\": 100");
    copy(dir, "tcp-l40s-b.json");
    List<String> warnings = surveyWarnings(dir);
    assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith(
        "record of tcp-l40s-a: /links/0/sweep/4/bandwidth_bytes_per_s: 4.87e+13 B/s (48.7 TB/s) is"
            + " more than the fabric's nominal 3.1 GB/s"));
    assertThat(warnings).contains("record of tcp-l40s-a: /links/0/measured_at: 2027-01-01T00:00:00Z"
        + " is after the planning time 2026-11-25T12:00:00Z; the clocks disagree or the file was"
        + " edited");
  }

  @Test
  void aLinkOlderThanTheLimitInANewerRecordIsNamed(@TempDir Path dir) throws Exception {
    copy(dir, "tcp-l40s-a.json",
        "\"measured_at\": \"2026-11-24T09:00:00Z\",\n      \"warmup_iterations\": 100",
        "\"measured_at\": \"2026-10-01T00:00:00Z\",\n      \"warmup_iterations\": 100",
        "\"provenance\": \"example\"", "\"provenance\": \"measured\"");
    copy(dir, "tcp-l40s-b.json");
    assertThat(surveyWarnings(dir)).contains("record of tcp-l40s-a: /links/0/measured_at: measured"
        + " 2026-10-01T00:00:00Z, more than 168 h before 2026-11-25T12:00:00Z (the record is newer);"
        + " re-measure this link");
  }

  @Test
  void anExampleRecordHasNoAgeToGoStale(@TempDir Path dir) throws Exception {
    // The same old link in a record still marked as an example: its dates are made up.
    copy(dir, "tcp-l40s-a.json",
        "\"measured_at\": \"2026-11-24T09:00:00Z\",\n      \"warmup_iterations\": 100",
        "\"measured_at\": \"2026-10-01T00:00:00Z\",\n      \"warmup_iterations\": 100");
    copy(dir, "tcp-l40s-b.json");
    assertThat(surveyWarnings(dir)).noneSatisfy(w -> assertThat(w).contains("stale"))
        .noneSatisfy(w -> assertThat(w).contains("re-measure"))
        .anySatisfy(w -> assertThat(w).startsWith("planning on example records"));
  }

  @Test
  void shortfallFlagsAreRepeatedAndLosingRdmaIsATopLevelWarning() throws Exception {
    List<String> warnings = surveyWarnings(EXAMPLES.resolve("records"));
    assertThat(warnings.get(0)).startsWith("planning on example records (provenance example, written"
        + " by hand, not measured): cxi-gh200-a, cxi-gh200-b, cxi-gh200-c, efa-p5-a, efa-p5-b,"
        + " efa-p5x8-a, efa-p5x8-b, nvl8-h100, ... 4 more");
    assertThat(warnings).contains("record of cxi-gh200-a: /links/1: measured 12 % of the path's"
        + " nominal 25.0 GB/s; likely cause tcp_fallback: cxi failed on cxi-gh200-b (no VNI granted);"
        + " tcp over hsn0 instead (flagged by the probe)");
    assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith(
        "cxi-gh200-a -> cxi-gh200-b: no RDMA between cxi-gh200-a -> cxi-gh200-b:"
            + " libfabric:tcp(rdm@10.2.0.0/16) carries it; libfabric:cxi(rdm@cxi) PROBE_FAILED"
            + " (probe failed at dst (cxi0): fi_domain: -13 (Permission denied)"));
    // Hosts with no RDMA fabric in common never had RDMA to lose: only the four pairs with b's failed
    // cxi are named.
    assertThat(warnings.stream().filter(w -> w.contains(": no RDMA between"))).hasSize(4);
  }

  @Test
  void thePlannerFlagsAShortfallTheProbeDidNot(@TempDir Path dir) throws Exception {
    // 25GbE is 3.125 GB/s; a best of 1.0 GB/s is 32 %.
    copy(dir, "tcp-l40s-a.json",
        "\"bandwidth_bytes_per_s\": 2307000000.0", "\"bandwidth_bytes_per_s\": 900000000.0",
        "\"bandwidth_bytes_per_s\": 2763000000.0", "\"bandwidth_bytes_per_s\": 1000000000.0",
        "\"bandwidth_bytes_per_s\": 2791000000.0", "\"bandwidth_bytes_per_s\": 1000000000.0");
    copy(dir, "tcp-l40s-b.json");
    assertThat(surveyWarnings(dir)).contains("record of tcp-l40s-a: /links/0: measured 32 % of the"
        + " fabric's nominal 3.1 GB/s (tcp enp1s0); the probe gave no cause");
  }

  @Test
  void aUserPlacedStageMustFitItsGpu(@TempDir Path dir) throws Exception {
    Path pipeline = dir.resolve("too-big.json");
    Files.writeString(pipeline, """
        {
          "name": "Llama-3.1-70B in two stages, the first far too big for one H100",
          "model": {"name": "Llama-3.1-70B", "layers": 80, "hidden_size": 8192, "dtype": "bf16",
                    "kv_bytes_per_token": 327680, "weights_bytes": 141100000000},
          "stages": [
            {"layers": 79, "gpu": "efa-p5-a:0"},
            {"layers": 1, "gpu": "efa-p5-b:0"}
          ]
        }
        """);
    List<CapabilityRecord> records = new CapabilityRecordReader().readAll(EXAMPLES.resolve("records"));
    assertThatThrownBy(() -> new PipelinePlanner().plan(records,
            new PipelineReader().read(pipeline), NOW))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(pipeline + ": /stages/0/gpu: wanted a GPU with room for stage 0: its 79 layers"
            + " need 139.8 GB (weights plus 1366 tokens of KV), but efa-p5-a:0 (NVIDIA H100 80GB"
            + " HBM3) has 85.5 GB, 77.0 GB within vram_fraction 0.90; use more stages or a bigger"
            + " GPU");
  }

  @Test
  void recordsWrittenAgainKeepTheirWarnings(@TempDir Path dir) throws Exception {
    // The writer keeps provenance and shortfall: a record read and written again warns the same.
    for (CapabilityRecord r : new CapabilityRecordReader().readAll(EXAMPLES.resolve("records"))) {
      new CapabilityRecordWriter().write(r, dir.resolve(r.host().id() + ".json"));
    }
    assertThat(surveyWarnings(dir)).isEqualTo(surveyWarnings(EXAMPLES.resolve("records")));
  }
}
