package dev.fabricplanner.core.bench;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.pipeline.Dtype;
import dev.fabricplanner.core.pipeline.ModelSpec;
import dev.fabricplanner.core.pipeline.Pipeline;
import dev.fabricplanner.core.pipeline.StageSpec;
import dev.fabricplanner.core.pipeline.TrafficSpec;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.CapabilityRecordWriter;
import dev.fabricplanner.core.route.PipelinePlanner;
import dev.fabricplanner.core.route.PlacedStage;
import dev.fabricplanner.core.route.RoutePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What {@code planner plan} costs on a big fleet, from files: writes a synthetic fleet's records to a
 * folder (once), then, several times, reads them all and surveys the fleet (warm runs after the first),
 * and places a 126-stage pipeline (Llama-3.1-405B's 126 layers, one per stage). Prints figures; asserts
 * nothing. Arguments: [hosts (10000)] [gpus per host (8)] [repeats (5)] [folder (a temporary one)].
 * Run: {@code java -cp cli/target/fabric-planner.jar dev.fabricplanner.core.bench.PlannerScaleBenchmark}.
 */
public final class PlannerScaleBenchmark {
  private PlannerScaleBenchmark() {}

  /** Llama-3.1-405B in BF16: 126 layers, hidden 16,384, 8 KV heads x 128 (516,096 B/token), 810 GB. */
  static final ModelSpec LLAMA_405B =
      new ModelSpec("Llama-3.1-405B", 126, 16_384, Dtype.BF16, 516_096, 810_000_000_000L);

  public static void main(String[] args) throws IOException, InvalidInputException {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int gpusPerHost = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path dir = args.length > 3 ? Path.of(args[3])
        : Files.createTempDirectory("planner-scale-");
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    writeFleet(dir, hosts, gpusPerHost, now);
    long bytes;
    try (Stream<Path> files = Files.list(dir)) {
      bytes = files.mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf(Locale.ROOT, "records: %,d files, %,.1f MB in %s%n", hosts, bytes / 1e6, dir);
    CapabilityRecordReader reader = new CapabilityRecordReader();
    PipelinePlanner planner = new PipelinePlanner();
    List<CapabilityRecord> records = null;
    for (int r = 1; r <= repeats; r++) {
      long t0 = System.nanoTime();
      records = reader.readAll(dir);
      long t1 = System.nanoTime();
      RoutePlan survey = planner.survey(records, PlannerSettings.defaults(now));
      long t2 = System.nanoTime();
      System.out.printf(Locale.ROOT, "run %d: read %.3f s, survey %.3f s (%,d hops, %,d warnings),"
          + " total %.3f s%n", r, (t1 - t0) / 1e9, (t2 - t1) / 1e9, survey.hops().size(),
          survey.warnings().size(), (t2 - t0) / 1e9);
    }
    Pipeline pipeline = new Pipeline("126 stages", LLAMA_405B,
        Collections.nCopies(126, new StageSpec(1, null)), TrafficSpec.DEFAULT, null,
        Duration.ofDays(7), PlannerSettings.DEFAULT_STRIPE_THRESHOLD_BYTES,
        Pipeline.DEFAULT_VRAM_FRACTION);
    for (int r = 1; r <= repeats; r++) {
      long t0 = System.nanoTime();
      RoutePlan plan = planner.plan(records, pipeline, now);
      long t1 = System.nanoTime();
      List<String> hostOrder = new ArrayList<>();
      for (PlacedStage s : plan.stages()) {
        if (hostOrder.isEmpty() || !hostOrder.get(hostOrder.size() - 1).equals(s.gpu().host())) {
          hostOrder.add(s.gpu().host());
        }
      }
      boolean contiguous = hostOrder.stream().distinct().count() == hostOrder.size();
      System.out.printf(Locale.ROOT, "placement run %d: 126 stages in %.3f s on %d hosts (%s),"
          + " %.1f us per token over the hops%n", r, (t1 - t0) / 1e9, hostOrder.size(),
          contiguous ? "contiguous" : "revisits a host", plan.perTokenUs());
    }
  }

  private static void writeFleet(Path dir, int hosts, int gpusPerHost, Instant now)
      throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      if (files.findAny().isPresent()) {
        return;
      }
    }
    CapabilityRecordWriter writer = new CapabilityRecordWriter();
    for (CapabilityRecord r : SyntheticFleet.generate(hosts, gpusPerHost, 42, now)) {
      writer.write(r, dir.resolve(r.host().id() + ".json"));
    }
  }
}
