package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.output.ComparisonTable;
import dev.fabricplanner.sim.output.Numbers;
import dev.fabricplanner.sim.output.ResultsFolder;
import dev.fabricplanner.sim.output.SavedResults;
import dev.fabricplanner.sim.output.Verdict;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.sim.sweep.SweepFolder;
import dev.fabricplanner.sim.sweep.SweepReport;
import dev.fabricplanner.sim.sweep.SweepSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code planner compare DIR...}: puts the runs of several {@code planner sim} output folders side by
 * side, each labelled {@code folder/strategy}, as one table, comparison.csv and report.html.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compares several planner sim or planner sweep output folders.",
      "Sim folders (their <strategy>.json and <strategy>/latency.hdr files): prints one table "
          + "and writes comparison.csv and report.html. Given planner sweep folders, merges their "
          + "runs: per parameter point and strategy, each metric's mean with a Student-t confidence "
          + "interval across seeds, as sweep-summary.csv/.json, sweep-differences.csv (Welch's t-test "
          + "per strategy pair) and sweep-report.html."
    })
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "planner sim or planner sweep output folders")
  List<Path> folders;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "comparison",
      description = "folder for comparison.csv and report.html (default: ${DEFAULT-VALUE})")
  Path output;

  @Option(
      names = "--confidence",
      paramLabel = "LEVEL",
      defaultValue = "0.95",
      description = "sweep folders: confidence level of the intervals across seeds (default: ${DEFAULT-VALUE})")
  double confidence;

  @Override
  public Integer call() throws InvalidInputException, IOException {
    long sweeps = folders.stream().filter(SweepFolder::isSweep).count();
    if (sweeps > 0) {
      if (sweeps < folders.size()) {
        throw new InvalidInputException("compare: give either planner sweep folders (with "
            + SweepFolder.MANIFEST + ") or planner sim folders, not both; sim folders: " + String.join(", ",
                folders.stream().filter(f -> !SweepFolder.isSweep(f)).map(Path::toString).toList()));
      }
      return compareSweeps();
    }
    List<String> problems = new ArrayList<>();
    List<SimulationResult> labelled = new ArrayList<>();
    List<SimulationResult> unlabelled = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (Path folder : folders) {
      try {
        for (SimulationResult result : SavedResults.read(folder)) {
          unlabelled.add(result);
          String label = label(folder, result.strategy(), labels);
          labelled.add(relabel(result, label));
        }
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems); // nothing written
    }
    // Folders that are seeds of one config: the verdict pairs each strategy's runs by seed. Folders
    // of different configs are never paired so, whatever their seeds.
    List<List<Path>> configs = foldersByConfig();
    List<SimulationResult> verdictOver =
        configs.size() <= 1 && Verdict.seedReplicates(unlabelled) ? unlabelled : labelled;
    new ResultsFolder(output)
        .writeComparison(
            labelled, verdictOver, "Fabric Planner comparison: " + String.join(", ", names()));
    PrintWriter out = spec.commandLine().getOut();
    out.print(ComparisonTable.text(labelled));
    out.print(Verdict.text(verdictOver));
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    if (configs.size() > 1) {
      err.println("note: the folders ran " + configs.size() + " different configs ("
          + String.join(" | ", configs.stream().map(group -> String.join(", ",
              group.stream().map(Path::toString).toList())).toList())
          + "): rows of different configs compare fleets and workloads as well as strategies");
    }
    err.println("wrote " + output.resolve("comparison.csv") + " and " + output.resolve("report.html"));
    err.flush();
    return 0;
  }

  /**
   * The folders grouped by the config they ran, seed aside (their config.yaml, as planner sim wrote
   * it, without its top-level seed line); a folder without one (written before config.yaml was)
   * is left out of the check.
   */
  private List<List<Path>> foldersByConfig() throws IOException {
    Map<String, List<Path>> groups = new LinkedHashMap<>();
    for (Path folder : folders) {
      Path config = folder.resolve("config.yaml");
      if (Files.isRegularFile(config)) {
        String besidesSeed = Files.readAllLines(config).stream()
            .filter(line -> !line.startsWith("seed: "))
            .collect(java.util.stream.Collectors.joining("\n"));
        groups.computeIfAbsent(besidesSeed, k -> new ArrayList<>()).add(folder);
      }
    }
    return new ArrayList<>(groups.values());
  }

  /** Sweep folders: one summary with confidence intervals across seeds per parameter point. */
  private int compareSweeps() throws InvalidInputException, IOException {
    SweepSummary summary = SweepSummary.merge(folders, confidence);
    // Titled by grid, not by folder: the same runs merge to the same bytes wherever they were run.
    SweepReport.write(summary, output, "Fabric Planner sweep: grid " + String.join(", ", summary.grids()));
    long notSignificant = summary.differences().stream().filter(d -> !d.significant()).count();
    PrintWriter out = spec.commandLine().getOut();
    out.print(SweepReport.text(summary));
    out.printf(Locale.ROOT, "%,d runs, %,d parameter points; %,d of %,d strategy differences (per point and"
        + " metric) are not significant (Welch's t-test across seeds, alpha %s)%n", summary.runs(),
        summary.pointCount(), notSignificant, summary.differences().size(), Numbers.format(1 - confidence));
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println("wrote " + String.join(", ", SweepReport.FILES.stream().map(f -> output.resolve(f).toString()).toList()));
    err.flush();
    return 0;
  }

  /** {@code folder/strategy} with the folder's own name; its path as given when names clash. */
  private static String label(Path folder, String strategy, Set<String> taken) {
    Path name = folder.toAbsolutePath().normalize().getFileName();
    String label = (name == null ? folder.toString() : name.toString()) + "/" + strategy;
    if (!taken.add(label)) {
      label = folder + "/" + strategy;
      taken.add(label);
    }
    return label;
  }

  private List<String> names() {
    return folders.stream().map(Path::toString).toList();
  }

  private static SimulationResult relabel(SimulationResult r, String label) {
    return new SimulationResult(
        label,
        r.seed(),
        r.simulatedSeconds(),
        r.requests(),
        r.requestsByType(),
        r.latencyMs(),
        r.ttftMs(),
        r.queueWaitMs(),
        r.serviceMs(),
        r.throughput(),
        r.gpu(),
        r.costPer1kTokens(),
        r.hedge(),
        r.events(),
        r.invariants(),
        r.latencyHistograms(),
        r.admission(),
        r.serving(),
        r.batches(),
        r.kvTransfer());
  }
}
