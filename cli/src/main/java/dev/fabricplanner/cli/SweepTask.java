package dev.fabricplanner.cli;

import dev.fabricplanner.core.AtomicFile;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.sweep.SweepFolder;
import dev.fabricplanner.sim.sweep.SweepGrid;
import dev.fabricplanner.sim.sweep.SweepRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a sweep, executed as {@code planner sim} in this JVM: the run's config is written beside a
 * hidden staging folder, sim writes its usual files into the staging folder, and the folder is renamed
 * to {@code runs/<id>} only when sim succeeded. A run whose folder is already complete is skipped.
 */
final class SweepTask {
  enum Outcome { DONE, SKIPPED, FAILED }

  /** What happened to one run; {@code log} holds sim's stdout and stderr. */
  record Result(SweepRun run, Outcome outcome, String log, double wallSeconds) {}

  private SweepTask() {}

  static Result execute(SweepGrid grid, SweepRun run, SweepFolder folder) throws IOException {
    long start = System.nanoTime();
    if (folder.isComplete(run)) {
      return new Result(run, Outcome.SKIPPED, "", 0);
    }
    Path staging = folder.staging(run);
    // Named for the run, so that report.html's title is the same wherever the run ran.
    Path inputDir = staging.resolveSibling(staging.getFileName() + ".input");
    Path input = inputDir.resolve(run.id() + ".yaml");
    StringWriter log = new StringWriter();
    int exit;
    try {
      Files.createDirectories(inputDir);
      Files.writeString(input, grid.configYaml(run));
      try (PrintWriter writer = new PrintWriter(log)) {
        exit = CliRunner.execute(new PlannerCli(), writer, writer, simArgs(run, input, staging));
      }
      if (exit == 0 && !folder.commit(run, grid.fingerprint(), staging)) {
        log.append("run ").append(run.id()).append(" was completed by another worker; kept theirs\n");
      }
    } finally {
      SweepFolder.delete(inputDir);
      if (Files.exists(staging)) {
        SweepFolder.delete(staging);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      String text = "planner " + String.join(" ", simArgs(run, input, staging)) + "\nexit " + exit + "\n" + log;
      AtomicFile.writeString(folder.dir().resolve("logs").resolve(run.id() + ".log"), text);
      return new Result(run, Outcome.FAILED, text, seconds);
    }
    return new Result(run, Outcome.DONE, log.toString(), seconds);
  }

  /**
   * The {@code planner sim} arguments of a run: one thread (a sweep runs runs side by side, each on a
   * core), no progress, then the grid's sim options.
   */
  static String[] simArgs(SweepRun run, Path config, Path output) {
    List<String> args = new ArrayList<>(List.of(
        "sim", "--config", config.toString(), "--output", output.toString(), "--quiet", "--threads", "1"));
    args.addAll(run.simArgs());
    return args.toArray(String[]::new);
  }

  /** Checks the grid's sim options with sim's own parser, so that a bad option fails before any run. */
  static void checkSimOptions(SweepGrid grid) throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    java.util.Set<List<String>> seen = new java.util.HashSet<>();
    for (SweepRun run : grid.runs()) {
      if (run.simArgs().isEmpty() || !seen.add(run.simArgs())) {
        continue;
      }
      String[] args = simArgs(run, Path.of("config.yaml"), Path.of("out"));
      try {
        new picocli.CommandLine(new SimCommand()).parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
      } catch (picocli.CommandLine.ParameterException e) {
        problems.add(grid.name() + ": run " + run.index() + " (" + run.id() + "): planner sim options "
            + String.join(" ", run.simArgs()) + ": " + e.getMessage());
        break;
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }
}
