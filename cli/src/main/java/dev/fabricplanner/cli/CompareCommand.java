package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.output.ComparisonTable;
import dev.fabricplanner.sim.output.ResultsFolder;
import dev.fabricplanner.sim.output.SavedResults;
import dev.fabricplanner.sim.result.SimulationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
      "Compares the results of several planner sim output folders (their <strategy>.json and",
      "<strategy>/latency.hdr files): prints one table and writes comparison.csv and report.html."
    })
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "planner sim output folders")
  List<Path> folders;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "comparison",
      description = "folder for comparison.csv and report.html (default: ${DEFAULT-VALUE})")
  Path output;

  @Override
  public Integer call() throws InvalidInputException, IOException {
    List<String> problems = new ArrayList<>();
    List<SimulationResult> labelled = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (Path folder : folders) {
      try {
        for (SimulationResult result : SavedResults.read(folder)) {
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
    new ResultsFolder(output)
        .writeComparison(labelled, "Fabric Planner comparison: " + String.join(", ", names()));
    PrintWriter out = spec.commandLine().getOut();
    out.print(ComparisonTable.text(labelled));
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println("wrote " + output.resolve("comparison.csv") + " and " + output.resolve("report.html"));
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
        r.serving());
  }
}
