package dev.fabricplanner.cli;

import dev.fabricplanner.core.AtomicFile;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.fidelity.FidelityReport;
import dev.fabricplanner.sim.fidelity.FidelityRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code planner fidelity}: simulates measured vLLM experiments and reports predicted against measured
 * TTFT, TPOT and E2E (the contract in design.md; docs/FIDELITY.md).
 */
@Command(
    name = "fidelity",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates each measured serving experiment and scores the prediction.",
      "Reads the layout of shared/data/vllm-calibration/experiments.json, runs each on a "
          + "one-server fleet and writes fidelity.json and fidelity.csv: predicted vs measured TTFT, "
          + "TPOT and E2E per stage and run."
    })
final class FidelityCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--experiments", required = true, paramLabel = "FILE",
      description = "The measured runs (experiments.json).")
  Path experiments;

  @Option(names = "--traces", paramLabel = "DIR",
      description = "Folder of replay traces (<run>.json.gz and <run>_ground_truth.json.gz):"
          + " an experiment whose trace is there is replayed instead of generated.")
  Path traces;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "fidelity",
      description = "Where fidelity.json and fidelity.csv go (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of every simulation.")
  long seed;

  @Option(names = "--coefficients", paramLabel = "FILE",
      description = "Calibration pricing the steps (planner calibrate's file); default: the one"
          + " shipped with the simulator, fitted on every usable run of the calibration data.")
  Path coefficients;

  @Option(names = "--leave-one-model-out",
      description = "Refit the calibration once per model without that model's experiments and"
          + " simulate them with it: every figure is then held out.")
  boolean leaveOneModelOut;

  @Override
  public Integer call() throws InvalidInputException, IOException {
    if (!Files.isRegularFile(experiments)) {
      throw new InvalidInputException("--experiments " + experiments + ": no such file");
    }
    if (traces != null && !Files.isDirectory(traces)) {
      throw new InvalidInputException("--traces " + traces + ": wanted a folder of replay traces");
    }
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new InvalidInputException("--output " + output + ": exists and is not a folder");
    }
    if (leaveOneModelOut && coefficients != null) {
      throw new InvalidInputException(
          "--coefficients and --leave-one-model-out: wanted one calibration, got both");
    }
    PrintWriter err = spec.commandLine().getErr();
    long startNanos = System.nanoTime();
    AtomicInteger done = new AtomicInteger();
    FidelityRunner runner =
        new FidelityRunner(traces, seed, Runtime.getRuntime().availableProcessors(), coefficients,
            leaveOneModelOut);
    FidelityReport report = runner.run(experiments, line -> {
      synchronized (err) {
        err.printf("[%2d] %s%n", done.incrementAndGet(), line);
        err.flush();
      }
    });
    AtomicFile.writeString(output.resolve("fidelity.json"), report.json());
    AtomicFile.writeString(output.resolve("fidelity.csv"), report.csv());
    PrintWriter out = spec.commandLine().getOut();
    out.print(report.table());
    out.flush();
    // Issue #11's target: all 21 calibration runs in under 2 minutes on 2 cores. Stderr only, so
    // that stdout and the files stay byte-identical run to run.
    err.printf(Locale.ROOT, "%d experiments in %.1f s wall, %.1f s CPU, on %d cores%n",
        report.experiments().size(), (System.nanoTime() - startNanos) / 1e9,
        ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() / 1e3)
            .orElse(Double.NaN),
        Runtime.getRuntime().availableProcessors());
    err.println("fidelity.json and fidelity.csv written to " + output);
    err.flush();
    return 0;
  }
}
