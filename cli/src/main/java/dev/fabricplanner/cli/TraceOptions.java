package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.Simulation;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.TimeWindow;
import dev.fabricplanner.sim.config.TraceConfig;
import dev.fabricplanner.sim.config.TraceFormat;
import dev.fabricplanner.sim.trace.TraceFailure;
import dev.fabricplanner.sim.trace.TraceFiles;
import dev.fabricplanner.sim.trace.TracePrefixStats;
import dev.fabricplanner.sim.trace.TraceRequestSource;
import dev.fabricplanner.sim.workload.RandomStreams;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code planner sim}'s trace flags over the config's {@code workload.trace}: each flag given
 * replaces that one setting, {@code --trace} brings a trace to a config without one, and the format
 * is settled (told from the file when not named) so that the resolved config records it.
 */
final class TraceOptions {
  private TraceOptions() {}

  static SimulationConfig apply(SimulationConfig config, SimCommand flags)
      throws InvalidInputException {
    Optional<TraceConfig> fromConfig = config.workload().trace();
    boolean anyFlag =
        flags.trace != null || flags.traceFormat != null || flags.rateScale != null
            || flags.timeWindow != null || flags.skipBadLines || flags.sortTrace;
    if (fromConfig.isEmpty() && flags.trace == null) {
      if (anyFlag) {
        throw new InvalidInputException(
            "--trace-format, --rate-scale, --time-window, --skip-bad-lines and --sort-trace need"
                + " --trace FILE or a workload.trace block in " + "the config");
      }
      return config;
    }
    TraceConfig base =
        fromConfig.orElse(
            new TraceConfig("", Optional.empty(), 1, TimeWindow.ALL, Optional.empty(), false, false));
    String file = flags.trace != null ? flags.trace.toString() : base.file();
    Optional<TraceFormat> format = flags.trace != null ? Optional.empty() : base.format();
    if (flags.traceFormat != null) {
      format = TraceFormat.named(flags.traceFormat);
      if (format.isEmpty()) {
        throw new InvalidInputException("--trace-format: " + TraceFormat.unknown(flags.traceFormat));
      }
    }
    double rateScale = base.rateScale();
    if (flags.rateScale != null) {
      if (!(flags.rateScale > 0) || flags.rateScale.isInfinite()) {
        throw new InvalidInputException(
            "--rate-scale: wanted a number > 0 (2 replays at twice the rate), got " + flags.rateScale);
      }
      rateScale = flags.rateScale;
    }
    TimeWindow window = base.window();
    if (flags.timeWindow != null) {
      window =
          TimeWindow.parse(flags.timeWindow)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "--time-window: wanted FROM:TO in seconds after the trace's first"
                              + " request, FROM < TO, either side may be empty (600:1200, :3600);"
                              + " got \"" + flags.timeWindow + "\""));
    }
    TraceConfig trace =
        new TraceConfig(
            file,
            format,
            rateScale,
            window,
            base.blockSize(),
            base.skipBadLines() || flags.skipBadLines,
            base.sort() || flags.sortTrace);
    if (trace.format().isEmpty()) {
      trace = trace.withFormat(TraceFiles.detect(Path.of(file)));
    }
    return config.withWorkload(config.workload().withTrace(trace));
  }

  /** Reads the replayed part of the trace once; prints what it holds unless quiet. */
  static void describe(SimulationConfig config, PrintWriter err, boolean quiet)
      throws InvalidInputException {
    TraceConfig trace = config.workload().trace().orElseThrow();
    try (TraceRequestSource source =
        (TraceRequestSource) Simulation.requestSource(config, new RandomStreams(config.seed()))) {
      TracePrefixStats stats;
      try {
        stats = TracePrefixStats.of(source);
      } catch (TraceFailure failure) {
        throw failure.problem();
      }
      if (quiet) {
        return;
      }
      String format = trace.format().map(TraceFormat::configName).orElse("?");
      err.printf(Locale.ROOT,
          "trace %s (%s): %,d requests from %.3f s to %.3f s, %,d prompt tokens; ideal prefix hit"
              + " rate %.2f %% (one unbounded cache shared by all servers)%n",
          trace.file(), format, stats.requests(), stats.firstArrivalMs() / 1000,
          stats.lastArrivalMs() / 1000, stats.promptTokens(), 100 * stats.idealHitRate());
      if (source.reader().badLines() > 0) {
        err.printf(Locale.ROOT, "trace: skipped %,d bad lines (first: %s)%n",
            source.reader().badLines(), source.reader().firstBadLine());
      }
      if (source.reader().excluded() > 0) {
        err.printf(Locale.ROOT, "trace: left out %,d requests the trace marks has_error%n",
            source.reader().excluded());
      }
      if (source.reader().outOfOrder() > 0) {
        err.printf(Locale.ROOT,
            "warning: trace: %,d requests were out of time order; sorted in memory%n",
            source.reader().outOfOrder());
      }
      if (source.endedEarly()) {
        err.printf(Locale.ROOT,
            "trace: the run ends at %.0f s (duration_s); later requests are not replayed%n",
            Math.min(config.durationS(), config.workload().durationS()));
      }
      err.flush();
    }
  }
}
