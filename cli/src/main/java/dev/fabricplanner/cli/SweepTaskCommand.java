package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.sweep.SweepFolder;
import dev.fabricplanner.sim.sweep.SweepGrid;
import dev.fabricplanner.sim.sweep.SweepRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code planner sweep-task}: runs one index of a grid into the sweep folder; what a Slurm array task
 * or a Kubernetes Indexed Job pod runs. A run already complete is skipped, so a retried task is safe.
 */
@Command(
    name = "sweep-task",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one index of a sweep grid into the sweep folder (a Slurm array task, a Kubernetes pod).",
      "The index comes from --index, else SLURM_ARRAY_TASK_ID, else JOB_COMPLETION_INDEX."
    })
final class SweepTaskCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--grid", required = true, paramLabel = "FILE", description = "grid file (YAML)")
  Path gridFile;

  @Option(names = "--index", paramLabel = "N", description = "the run's index in the expanded grid")
  String index;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "sweep",
      description = "sweep folder shared by every task (default: ${DEFAULT-VALUE})")
  Path output;

  @Override
  public Integer call() throws InvalidInputException, IOException {
    SweepGrid grid = SweepGrid.load(gridFile);
    SweepRun run = grid.run(index());
    SweepFolder folder = new SweepFolder(output);
    folder.claim(grid);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "sweep-task: run %d (%s) of %s into %s%n", run.index(), run.id(), grid.name(), output);
    out.flush();
    SweepTask.Result result = SweepTask.execute(grid, run, folder);
    out.print(result.log());
    out.printf(Locale.ROOT, "sweep-task: run %d %s (%.1f s)%n", run.index(),
        switch (result.outcome()) {
          case DONE -> "done";
          case SKIPPED -> "already complete, skipped";
          case FAILED -> "FAILED; log kept in " + output.resolve("logs").resolve(run.id() + ".log");
        },
        result.wallSeconds());
    out.flush();
    return result.outcome() == SweepTask.Outcome.FAILED ? SweepCommand.EXIT_RUNS_FAILED : 0;
  }

  private int index() throws InvalidInputException {
    String text = index;
    String source = "--index";
    if (text == null) {
      source = System.getenv("SLURM_ARRAY_TASK_ID") != null ? "SLURM_ARRAY_TASK_ID" : "JOB_COMPLETION_INDEX";
      text = System.getenv(source);
    }
    if (text == null) {
      throw new InvalidInputException(
          "sweep-task: no index; give --index N (or run as a Slurm array task or an Indexed Job pod)");
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(source + ": " + text + ": not a whole number");
    }
  }
}
