package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.ConfigWriter;
import dev.fabricplanner.sim.config.DisaggregationConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.output.ComparisonTable;
import dev.fabricplanner.sim.output.OutputFormat;
import dev.fabricplanner.sim.output.ResultsFolder;
import dev.fabricplanner.sim.output.Verdict;
import dev.fabricplanner.sim.result.InvariantCheck;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.sim.run.ComparisonRunner;
import dev.fabricplanner.sim.run.ProgressBoard;
import dev.fabricplanner.sim.run.StrategyRun;
import dev.fabricplanner.sim.run.TimingReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code planner sim}: replays a fleet config against routing strategies and writes the results. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates a fleet config against routing strategies, in parallel.",
      "Writes config.yaml, comparison.csv, <strategy>/metrics.csv, <strategy>.json, report.html "
          + "and timing.json."
    })
final class SimCommand implements Callable<Integer> {
  /** Exit code when a run broke one of its own invariants: a bug in the simulator, not the input. */
  static final int EXIT_INVARIANT_BROKEN = 3;

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML config")
  Path config;

  @Option(
      names = "--strategy",
      split = ",",
      paramLabel = "NAME",
      description = "strategies to run instead of the config's (built-in name, service name or class)")
  List<String> strategies;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "results",
      description = "output folder (default: ${DEFAULT-VALUE})")
  Path output;

  @Option(
      names = "--format",
      paramLabel = "csv|json|both",
      defaultValue = "both",
      converter = FormatConverter.class,
      description = "result files to write besides config.yaml and report.html (default: ${DEFAULT-VALUE})")
  OutputFormat format;

  @Option(names = "--seed", paramLabel = "N", description = "seed instead of the config's")
  Long seed;

  @Option(
      names = "--strategy-path",
      paramLabel = "JAR",
      split = ":",
      description = "jars holding user strategies (META-INF/services entries or class names)")
  List<Path> strategyPath;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "strategies run at once (default: available processors)")
  Integer threads;

  @Option(names = "--quiet", description = "no progress on stderr")
  boolean quiet;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description = "replay this request trace (plain or gzip) instead of the config's workload")
  Path trace;

  @Option(
      names = "--trace-format",
      paramLabel = "azure|burstgpt|mooncake|bailian|replay",
      description = "the trace's format (default: told from its first line)")
  String traceFormat;

  @Option(
      names = "--rate-scale",
      paramLabel = "X",
      description = "divide the trace's arrival times by X (2: twice the rate)")
  Double rateScale;

  @Option(
      names = "--time-window",
      paramLabel = "FROM:TO",
      description = "replay only the requests FROM <= t < TO seconds after the trace's first one")
  String timeWindow;

  @Option(
      names = "--skip-bad-lines",
      description = "count and skip trace lines that do not parse instead of stopping")
  boolean skipBadLines;

  @Option(
      names = "--sort-trace",
      description = "sort a trace whose timestamps go backwards in memory instead of stopping")
  boolean sortTrace;

  @Option(
      names = "--records",
      paramLabel = "DIR",
      description = "capability records the disaggregation block's hosts come from, instead of its records")
  Path records;

  @Option(
      names = "--disable-transport",
      paramLabel = "NAME",
      description = "what-if: the planner may not choose this transport for KV transfers "
          + "(libfabric:efa, efa, nvlink ...); repeatable")
  List<String> disabledTransports;

  @Override
  public Integer call() throws InvalidInputException, IOException, InterruptedException {
    SimulationConfig loaded = ConfigLoader.load(config);
    SimulationConfig resolved = seed == null ? loaded : loaded.withSeed(seed);
    if (strategies != null) {
      resolved = resolved.withStrategies(strategies);
    }
    resolved = TraceOptions.apply(resolved, this);
    resolved = bindingOptions(resolved);
    PrintWriter err = spec.commandLine().getErr();
    if (resolved.workload().trace().isPresent()) {
      // Reads the whole replayed part once before any run: a bad line stops here, before any
      // output is written, and the user sees what is about to be replayed.
      TraceOptions.describe(resolved, err, quiet);
    }
    int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    PrintWriter out = spec.commandLine().getOut();
    if (!quiet) {
      err.printf(Locale.ROOT, "simulating %s: %,d nodes, %.0f s, strategies %s, seed %d%n",
          config, resolved.totalNodes(), resolved.durationS(), String.join(",", resolved.strategies()),
          resolved.seed());
      err.flush();
    }

    long start = System.nanoTime();
    ComparisonRunner runner =
        new ComparisonRunner(StrategyClassPath.registry(strategyPath), threadCount);
    List<StrategyRun> runs =
        runner.run(resolved, new ProgressBoard(new PrintStream(System.err, true), !quiet));
    double wallSeconds = (System.nanoTime() - start) / 1e9;
    List<SimulationResult> results = runs.stream().map(StrategyRun::result).toList();

    ResultsFolder folder = new ResultsFolder(output);
    folder.writeResults(
        ConfigWriter.toYaml(resolved), results, format, "Fabric Planner: " + config.getFileName());
    folder.writeTiming(TimingReport.render(runs, wallSeconds, threadCount));

    out.print(ComparisonTable.text(results));
    out.print(Verdict.text(results));
    out.flush();
    boolean invariantsHold = reportInvariants(results, err);
    if (!quiet) {
      err.printf(Locale.ROOT, "wrote %s (%.1f s wall)%n", output, wallSeconds);
    }
    err.flush();
    return invariantsHold ? 0 : EXIT_INVARIANT_BROKEN;
  }

  /** --records and --disable-transport replace the disaggregation block's records and list. */
  private SimulationConfig bindingOptions(SimulationConfig config) throws InvalidInputException {
    if (records == null && disabledTransports == null) {
      return config;
    }
    if (config.disaggregation().isEmpty()) {
      throw new InvalidInputException(List.of((records != null ? "--records" : "--disable-transport")
          + ": " + this.config + " has no disaggregation block whose hosts the records would bind"));
    }
    DisaggregationConfig d = config.disaggregation().get();
    if (records != null) {
      d = d.withRecords(records.toString());
    }
    if (disabledTransports != null) {
      d = d.withDisabledTransports(disabledTransports);
    }
    return config.withDisaggregation(d);
  }

  /** Every run checks itself; say so, and name each broken invariant. */
  private static boolean reportInvariants(List<SimulationResult> results, PrintWriter err) {
    boolean allHold = true;
    for (SimulationResult result : results) {
      for (InvariantCheck check : result.invariants()) {
        if (!check.passed()) {
          allHold = false;
          err.printf("invariant broken [%s] %s: %s%n", result.strategy(), check.name(), check.detail());
        }
      }
    }
    if (allHold && !results.isEmpty()) {
      List<String> names = results.get(0).invariants().stream().map(InvariantCheck::name).toList();
      err.println("invariants hold for every strategy: " + String.join(", ", names));
    }
    return allHold;
  }
}
