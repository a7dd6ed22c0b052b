package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.exec.Calibration;
import dev.fabricplanner.sim.exec.CoefficientsFile;
import dev.fabricplanner.sim.exec.GpuSpecs;
import dev.fabricplanner.sim.exec.LinearStepModel;
import dev.fabricplanner.sim.exec.MeasuredExperiment;
import dev.fabricplanner.sim.exec.MeasuredExperiments;
import dev.fabricplanner.sim.exec.ModelCatalog;
import dev.fabricplanner.sim.exec.StageObservations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code planner calibrate}: fits the execution models (roofline efficiencies, linear coefficients per
 * model × GPU × TP) on measured vLLM runs and writes the versioned coefficients file.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Fits the step-time models on measured serving runs.",
      "Reads the layout of shared/data/vllm-calibration/experiments.json and writes a "
          + "coefficients file that says what it was fitted on and how well it predicts stages it was "
          + "not fitted on (docs/EXECUTION-MODEL.md)."
    })
final class CalibrateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--experiments", required = true, paramLabel = "FILE",
      description = "The measured runs (experiments.json).")
  Path experiments;

  @Option(names = "--holdout", paramLabel = "ID", split = ",",
      description = "Experiment ids to leave out of every fit and predict.")
  List<String> holdout;

  @Option(names = "--leave-one-model-out",
      description = "Judge the roofline on each model fitted without it, and the linear"
          + " coefficients on each experiment fitted without it.")
  boolean leaveOneModelOut;

  @Option(names = "--output", required = true, paramLabel = "FILE",
      description = "Where to write the coefficients (JSON).")
  Path output;

  @Override
  public Integer call() throws InvalidInputException, IOException {
    if (leaveOneModelOut && holdout != null) {
      throw new InvalidInputException(
          "--holdout and --leave-one-model-out: wanted one way to split, got both");
    }
    List<MeasuredExperiment> runs = MeasuredExperiments.read(experiments);
    Set<String> held = new LinkedHashSet<>(holdout == null ? List.of() : holdout);
    checkIds(runs, held);
    StageObservations.Collected collected =
        StageObservations.collect(runs, ModelCatalog.builtIn(), GpuSpecs.builtIn());
    Calibration.Split split = leaveOneModelOut ? Calibration.Split.LEAVE_ONE_MODEL_OUT
        : held.isEmpty() ? Calibration.Split.NONE : Calibration.Split.HOLDOUT;
    Calibration.Result result = Calibration.run(collected, split, held);
    if (result.fittedOn().isEmpty()) {
      throw new InvalidInputException(experiments + ": no steady-state stage is left to fit on ("
          + collected.skipped().size() + " skipped, " + held.size() + " held out)");
    }
    CoefficientsFile.write(output, result, new VersionProvider().getVersion()[0]
        + " planner calibrate", experiments.toString());
    PrintWriter err = spec.commandLine().getErr();
    for (String skipped : result.skipped()) {
      err.println("skipped " + skipped);
    }
    printSummary(spec.commandLine().getOut(), result);
    err.println("coefficients written to " + output);
    err.flush();
    return 0;
  }

  private static void checkIds(List<MeasuredExperiment> runs, Set<String> held)
      throws InvalidInputException {
    List<String> ids = new ArrayList<>();
    runs.forEach(r -> ids.add(r.id()));
    List<String> problems = new ArrayList<>();
    for (String id : held) {
      if (!ids.contains(id)) {
        problems.add("--holdout: unknown experiment \"" + id + "\"; known: " + String.join(", ", ids));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  private static void printSummary(PrintWriter out, Calibration.Result result) {
    out.println("split: " + result.split().description());
    out.println("fitted on " + result.fittedOn().size() + " experiments; held out "
        + result.heldOut().size());
    out.println("roofline: " + result.efficiencies());
    out.println("first token: " + result.firstToken());
    out.println();
    out.printf(Locale.ROOT, "%-62s %3s %9s %11s %11s %11s %11s%n", "model | gpu", "tp", "const ms",
        "ms/prefill", "ms/decode", "ms/ctx tok", "ms/attn pr");
    for (Calibration.ClassFit fit : result.classes()) {
      LinearStepModel.Coefficients c = fit.coefficients();
      out.printf(Locale.ROOT, "%-62s %3d %9.3f %11.3g %11.3g %11.3g %11.3g%n",
          fit.model() + " | " + fit.gpu(), fit.tp(), c.constantMs(), c.perPrefillTokenMs(),
          c.perDecodeSequenceMs(), c.perContextTokenMs(), c.perAttentionPairMs());
    }
    out.println();
    String scope = result.split() == Calibration.Split.NONE ? "in-sample" : "held-out";
    out.println("median absolute % error, " + scope
        + " (tpot = step-time prediction; ttft, e2e = analytic stage estimates, not simulations):");
    for (String method : result.methods()) {
      Calibration.Medians m = result.medians(method);
      out.printf(Locale.ROOT, "  %-9s %3d stages  tpot %5.1f %%  ttft %5.1f %%  e2e %5.1f %%%n",
          method, m.stages(), m.tpotPct(), m.ttftPct(), m.e2ePct());
    }
    out.flush();
  }
}
