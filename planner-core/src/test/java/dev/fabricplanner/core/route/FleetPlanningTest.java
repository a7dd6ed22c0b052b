package dev.fabricplanner.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.bench.SyntheticFleet;
import dev.fabricplanner.core.pipeline.Dtype;
import dev.fabricplanner.core.pipeline.ModelSpec;
import dev.fabricplanner.core.pipeline.Pipeline;
import dev.fabricplanner.core.pipeline.PipelineReader;
import dev.fabricplanner.core.pipeline.StageSpec;
import dev.fabricplanner.core.pipeline.TrafficSpec;
import dev.fabricplanner.core.plan.Candidate;
import dev.fabricplanner.core.plan.Fleet;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.plan.ReasonCode;
import dev.fabricplanner.core.plan.TransportPlanner;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Surveys and placements on fleets too big to plan pair by pair, and hops that share NICs. */
class FleetPlanningTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final ModelSpec LLAMA_405B =
      new ModelSpec("Llama-3.1-405B", 126, 16_384, Dtype.BF16, 516_096, 810_000_000_000L);

  @Test
  void aSurveyPlansEachClassPairOnceAndSaysHowManyPairsItStandsFor() throws Exception {
    List<CapabilityRecord> records = SyntheticFleet.generate(300, 8, 42, NOW);
    PlannerSettings settings = PlannerSettings.defaults(NOW);
    RoutePlan survey = new PipelinePlanner().survey(records, settings);
    // 300 hosts would be 89,700 host pairs; the classes make a few hundred hops.
    assertThat(survey.hops().size()).isLessThan(1_000);
    long pairs = 0;
    TransportPlanner planner = new TransportPlanner(new Fleet(records), settings);
    for (PlannedHop hop : survey.hops()) {
      String label = hop.label();
      boolean acrossHosts = !hop.decision().src().host().equals(hop.decision().dst().host());
      if (acrossHosts) {
        int open = label.indexOf("  (");
        pairs += open < 0 ? 1 : Long.parseLong(label.substring(open + 3, label.indexOf(' ', open + 3))
            .replace(",", ""));
      }
      // Each hop is the decision of planning that pair directly.
      assertThat(hop.decision().outcome()).isEqualTo(planner.planHop(hop.decision().src(),
          hop.decision().dst(), hop.decision().traffic()).outcome());
    }
    assertThat(pairs).isEqualTo(300L * 299);
    assertThat(survey.warnings().size()).isLessThan(200);
  }

  @Test
  void placementOf126StagesIsContiguousAndEveryHopIsEstimated() throws Exception {
    List<CapabilityRecord> records = SyntheticFleet.generate(300, 8, 42, NOW);
    Pipeline pipeline = new Pipeline("126 stages", LLAMA_405B,
        Collections.nCopies(126, new StageSpec(1, null)), TrafficSpec.DEFAULT, null,
        Duration.ofDays(7), PlannerSettings.DEFAULT_STRIPE_THRESHOLD_BYTES,
        Pipeline.DEFAULT_VRAM_FRACTION);
    RoutePlan plan = new PipelinePlanner().plan(records, pipeline, NOW);
    List<String> hostOrder = new ArrayList<>();
    for (PlacedStage s : plan.stages()) {
      if (hostOrder.isEmpty() || !hostOrder.get(hostOrder.size() - 1).equals(s.gpu().host())) {
        hostOrder.add(s.gpu().host());
      }
    }
    // No host is returned to once left. The first host (host-000000, an L40S host without peer
    // access or shared memory) cannot hand over inside itself, so stage 1 leaves it; NVLink hosts fill
    // up: 125 stages on 16 hosts of 8.
    assertThat(hostOrder).doesNotHaveDuplicates().hasSize(17);
    assertThat(plan.stages().get(0).gpu().host()).isEqualTo("host-000000");
    assertThat(plan.stages().get(1).gpu().host()).isNotEqualTo("host-000000");
    assertThat(plan.complete()).isTrue();
    // Inside a host the hops use NVLink; between hosts the fastest fabric, never a failed one.
    assertThat(plan.chosen()).allSatisfy(c -> assertThat(c.has(ReasonCode.PROBE_FAILED)).isFalse());
  }

  @Test
  void hopsOutOfOneHostShareItsNics(@TempDir Path dir) throws Exception {
    // Stages alternate between the two EFA hosts: two hops leave each host at once.
    Path zigzag = dir.resolve("zigzag.json");
    Files.writeString(zigzag, """
        {
          "name": "Llama-3.1-70B zig-zagging between two EFA hosts",
          "model": {"name": "Llama-3.1-70B", "layers": 80, "hidden_size": 8192, "dtype": "bf16",
                    "kv_bytes_per_token": 327680, "weights_bytes": 141100000000},
          "stages": [
            {"layers": 20, "gpu": "efa-p5-a:0"}, {"layers": 20, "gpu": "efa-p5-b:0"},
            {"layers": 20, "gpu": "efa-p5-a:1"}, {"layers": 20, "gpu": "efa-p5-b:1"}
          ]
        }
        """);
    List<CapabilityRecord> records =
        new CapabilityRecordReader().readAll(Path.of("..", "examples", "records"));
    RoutePlan shared = new PipelinePlanner().plan(records, new PipelineReader().read(zigzag), NOW);
    RoutePlan alone = new PipelinePlanner().plan(records, new PipelineReader().read(
        Path.of("..", "examples", "pipelines", "llama70b-efa-2host.json")), NOW);
    Candidate zig = shared.chosen().get(0);
    Candidate straight = alone.chosen().get(1);
    assertThat(zig.transport()).isEqualTo(straight.transport());
    assertThat(zig.reasons()).contains(ReasonCode.NIC_SHARED, ReasonCode.STRIPED);
    assertThat(zig.detail()).contains("shares the hosts' NICs with 1 other hop(s): 2 of 4 NICs");
    assertThat(zig.estimate().stripes()).isEqualTo(2);
    assertThat(straight.estimate().stripes()).isEqualTo(4);
    assertThat(zig.estimate().kvTransferUs()).isGreaterThan(1.9 * (straight.estimate().kvTransferUs()
        - 16));
  }

  @Test
  void aSurveyTooBigToListIsOneLineNotAnOutOfMemoryError() {
    // Every host a measurement names is a class of its own; here 10 hosts measured each other.
    List<CapabilityRecord> records = SyntheticFleet.generate(300, 8, 42, NOW);
    assertThatThrownBy(() -> new PipelinePlanner().survey(records, PlannerSettings.defaults(NOW), 100))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageMatching("--records: surveying 300 hosts in \\d+ distinct classes would list about"
            + " [\\d,]+ hops, more than the 100 a survey lists; give a --pipeline to plan, or survey a"
            + " subset of the records");
  }
}
