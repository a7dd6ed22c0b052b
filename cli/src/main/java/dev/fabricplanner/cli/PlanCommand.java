package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.pipeline.Pipeline;
import dev.fabricplanner.core.pipeline.PipelineReader;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.route.PipelinePlanner;
import dev.fabricplanner.core.route.RoutePlan;
import dev.fabricplanner.core.route.RoutePlanTable;
import dev.fabricplanner.core.route.RoutePlanWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code planner plan}: chooses and explains the transport of every hop from capability records. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Chooses NVLink/CUDA IPC, libfabric RDMA or QUIC for each hop, from capability records.",
      "Explains every choice and fallback. Without --pipeline, plans a hop between every pair "
          + "of hosts (and inside each host) for the reference model."
    })
final class PlanCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--records", required = true, paramLabel = "DIR|FILE",
      description = "A capability record file, or a folder of them (*.json).")
  Path records;

  @Option(names = "--pipeline", paramLabel = "FILE",
      description = "Pipeline file (model, stages, traffic, constraints); see docs/PLANNER.md.")
  Path pipeline;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the plan as JSON here.")
  Path output;

  @Option(names = "--now", paramLabel = "INSTANT",
      description = "Judge record age at this ISO-8601 time instead of now (reproducible plans).")
  String now;

  @Option(names = "--max-age-hours", paramLabel = "HOURS",
      description = "Flag records older than this (default: the pipeline's, else 168).")
  Double maxAgeHours;

  @Option(names = "--latency-cap-us", paramLabel = "US",
      description = "Most per-token time one hop may add (default: the pipeline's, else none).")
  Double latencyCapUs;

  @Override
  public Integer call() throws InvalidInputException, IOException {
    Instant at = parseNow();
    if (maxAgeHours != null && !(maxAgeHours > 0)) {
      throw new InvalidInputException("--max-age-hours: wanted a number of hours > 0, got " + maxAgeHours);
    }
    if (latencyCapUs != null && !(latencyCapUs > 0)) {
      throw new InvalidInputException("--latency-cap-us: wanted microseconds > 0, got " + latencyCapUs);
    }
    List<CapabilityRecord> fleet = new CapabilityRecordReader().readAll(records);
    RoutePlan plan;
    PipelinePlanner planner = new PipelinePlanner();
    if (pipeline != null) {
      Pipeline read = new PipelineReader().read(pipeline);
      plan = planner.plan(fleet, withOverrides(read), at);
    } else {
      PlannerSettings settings = PlannerSettings.defaults(at).withLatencyCapUs(latencyCapUs);
      if (maxAgeHours != null) {
        settings = new PlannerSettings(settings.latencyCapUs(), hours(maxAgeHours), at,
            settings.stripeThresholdBytes());
      }
      plan = planner.survey(fleet, settings);
    }
    spec.commandLine().getOut().print(new RoutePlanTable().render(plan));
    spec.commandLine().getOut().flush();
    if (output != null) {
      new RoutePlanWriter().write(plan, output);
      spec.commandLine().getErr().println("plan written to " + output);
    }
    return 0;
  }

  private Pipeline withOverrides(Pipeline p) {
    return new Pipeline(p.source(), p.model(), p.stages(), p.traffic(),
        latencyCapUs != null ? latencyCapUs : p.latencyCapUs(),
        maxAgeHours != null ? hours(maxAgeHours) : p.maxRecordAge(),
        p.stripeThresholdBytes(), p.vramFraction());
  }

  private static Duration hours(double h) {
    return Duration.ofSeconds(Math.round(h * 3600));
  }

  private Instant parseNow() throws InvalidInputException {
    if (now == null) {
      return Instant.now();
    }
    try {
      return Instant.parse(now);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "--now: wanted an ISO-8601 UTC time like 2026-11-25T12:00:00Z, got \"" + now + "\"");
    }
  }
}
