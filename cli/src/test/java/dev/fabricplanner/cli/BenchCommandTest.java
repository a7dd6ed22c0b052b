package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code planner bench} through the real command line (figures are not asserted: they are timings). */
class BenchCommandTest {
  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @Test
  void printsOneRowPerConfigAndTheMinimalLoop() {
    int exit =
        CliRunner.execute(
            new PlannerCli(), "bench", "--config", "../examples/validation/mm1.yaml",
            "--events-target", "200000", "--minimal-loop");
    String stdout = console.stdout();
    assertThat(exit).isZero();
    String[] lines = stdout.strip().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).contains("events/s", "events/cpu_s", "req/s", "heap_MiB");
    assertThat(lines[1]).startsWith("../examples/validation/mm1.yaml");
    // The measured run is sized to the target from the warm-up's rate: within a factor of two.
    long events = Long.parseLong(lines[1].trim().split("\\s+")[2]);
    assertThat(events).isBetween(100_000L, 400_000L);
    assertThat(lines[2]).startsWith("minimal M/M/c loop");
  }

  /** The bench times the fleet as configured: only the run's length changes. */
  @Test
  void theMeasuredRunKeepsEverythingButItsLength() throws Exception {
    SimulationConfig config = ConfigLoader.load(Path.of("../examples/disaggregated.yaml"));
    assertThat(config.disaggregation()).isPresent();
    SimulationConfig shortRun = BenchCommand.withDuration(config, 5);
    assertThat(shortRun.durationS()).isEqualTo(5);
    assertThat(shortRun.workload().durationS()).isEqualTo(5);
    assertThat(shortRun.warmupS()).isEqualTo(Math.min(config.warmupS(), 0.5));
    assertThat(shortRun.disaggregation()).isEqualTo(config.disaggregation());
    assertThat(shortRun.decisionCostUs()).isEqualTo(config.decisionCostUs());
    assertThat(shortRun.workload().withDurationS(config.workload().durationS())).isEqualTo(config.workload());
    assertThat(shortRun.withTiming(config.durationS(), config.warmupS()).withWorkload(config.workload()))
        .isEqualTo(config);
  }

  @Test
  void aMissingConfigIsOneLineAndExitTwo() {
    int exit = CliRunner.execute(new PlannerCli(), "bench", "--config", "no/such.yaml");
    assertThat(exit).isEqualTo(2);
    assertThat(console.stderr()).isEqualTo("no/such.yaml: cannot read the config: no such file\n");
  }

  @Test
  void aTinyEventTargetIsRejected() {
    int exit = CliRunner.execute(new PlannerCli(), "bench", "--events-target", "10");
    assertThat(exit).isEqualTo(2);
    assertThat(console.stderr()).contains("--events-target: must be at least 1000");
  }
}
