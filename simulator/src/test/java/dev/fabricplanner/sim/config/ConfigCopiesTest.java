package dev.fabricplanner.sim.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The config records' with-methods: each changes its own fields and keeps every other, checked against
 * the canonical constructor.
 */
class ConfigCopiesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  /** examples/disaggregated.yaml, its records folder found from the module's folder. */
  private static SimulationConfig disaggregated() throws Exception {
    String text = Files.readString(EXAMPLES.resolve("disaggregated.yaml"))
        .replace("records: examples/records", "records: " + EXAMPLES.resolve("records"));
    return ConfigLoader.parse(text, "disaggregated.yaml");
  }

  @Test
  void everySimulationConfigWithMethodChangesOnlyItsFields() throws Exception {
    SimulationConfig small = ConfigLoader.load(EXAMPLES.resolve("small.yaml"));
    SimulationConfig other = disaggregated();
    // Every value put in differs from small's, so a with-method writing the wrong field shows.
    assertThat(other.workload()).isNotEqualTo(small.workload());
    assertThat(other.topology()).isNotEqualTo(small.topology());
    assertThat(small.signals()).isNotEqualTo(SignalConfig.fresh());
    assertThat(small.faults()).isNotEmpty();
    assertThat(small.strategies()).isNotEqualTo(List.of("random"));
    assertThat(small.disaggregation()).isEmpty();

    SimulationConfig edited = small
        .withSeed(small.seed() + 1)
        .withTiming(small.durationS() + 1, small.warmupS() + 2)
        .withWorkload(other.workload())
        .withTopology(other.topology())
        .withSignals(SignalConfig.fresh())
        .withFaults(List.of())
        .withStrategies(List.of("random"))
        .withDecisionCostUs(small.decisionCostUs() + 12.5)
        .withDisaggregation(other.disaggregation().orElseThrow());

    assertThat(edited).isEqualTo(new SimulationConfig(
        small.seed() + 1, small.durationS() + 1, small.warmupS() + 2, other.workload(),
        other.topology(), small.network(), SignalConfig.fresh(), small.serviceModel(), List.of(),
        List.of("random"), small.strategyParams(), small.decisionCostUs() + 12.5,
        other.disaggregation()));
  }

  @Test
  void everyWorkloadConfigWithMethodChangesOnlyItsFields() throws Exception {
    WorkloadConfig w = ConfigLoader.load(EXAMPLES.resolve("small.yaml")).workload();
    assertThat(w.clientTimeoutS()).isEmpty();
    Arrival slower = new Arrival.Poisson(w.arrival().meanRps() / 2);
    TraceConfig trace = new TraceConfig("trace.jsonl", Optional.of(TraceFormat.MOONCAKE), 1,
        TimeWindow.ALL, Optional.empty(), false, false);
    SharedPrefixWorkload shared =
        new SharedPrefixWorkload(5, 4, 200, 300, 20, 100, 10, true, List.of(new LoadStage(2, 10)));

    WorkloadConfig edited =
        w.withDurationS(w.durationS() + 1).withArrival(slower).withClientTimeoutS(2.5);
    assertThat(edited).isEqualTo(new WorkloadConfig(
        w.durationS() + 1, slower, w.mix(), w.llm(), w.vision(), w.asr(), w.tenants(), w.trace(),
        w.sharedPrefix(), Optional.of(2.5)));

    // A request source is a trace or shared_prefix, never both: each with-method empties the other.
    WorkloadConfig replayed = edited.withSharedPrefix(shared).withTrace(trace);
    assertThat(replayed.trace()).contains(trace);
    assertThat(replayed.sharedPrefix()).isEmpty();
    WorkloadConfig drawn = replayed.withSharedPrefix(shared);
    assertThat(drawn.trace()).isEmpty();
    assertThat(drawn.sharedPrefix()).contains(shared);
    assertThat(drawn.withTrace(trace)).isEqualTo(replayed);
  }
}
