package dev.fabricplanner.core.bench;

import dev.fabricplanner.core.pipeline.ModelSpec;
import dev.fabricplanner.core.pipeline.TrafficSpec;
import dev.fabricplanner.core.plan.Fleet;
import dev.fabricplanner.core.plan.FleetTransportTable;
import dev.fabricplanner.core.plan.HopTraffic;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.plan.TransportPlanner;
import dev.fabricplanner.core.record.CapabilityRecord;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plans the all-pairs transport table of a synthetic fleet (default 10,000 hosts x 8 GPUs = 80,000
 * GPUs, 6.4e9 ordered GPU pairs) and prints how long it took. Arguments: [hosts] [gpus per host]
 * [repeats]. Run: {@code java -cp cli/target/fabric-planner.jar
 * dev.fabricplanner.core.bench.FleetPlanBenchmark}.
 */
public final class FleetPlanBenchmark {
  private FleetPlanBenchmark() {}

  public static void main(String[] args) {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int gpusPerHost = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    long t0 = System.nanoTime();
    List<CapabilityRecord> records = SyntheticFleet.generate(hosts, gpusPerHost, 42, now);
    double generateS = (System.nanoTime() - t0) / 1e9;
    ModelSpec model = ModelSpec.REFERENCE;
    HopTraffic traffic = new HopTraffic(model.activationBytesPerToken(),
        model.kvBytesPerToken(model.layers() / 2) * TrafficSpec.DEFAULT.kvTokens(),
        TrafficSpec.DEFAULT.tokensPerRequest(), TrafficSpec.DEFAULT.kvTransfersPerRequest());
    System.out.printf(Locale.ROOT, "fleet: %,d hosts, %,d GPUs (generated in %.2f s)%n", hosts,
        (long) hosts * gpusPerHost, generateS);
    FleetTransportTable table = null;
    double best = Double.MAX_VALUE;
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      TransportPlanner planner = new TransportPlanner(new Fleet(records), PlannerSettings.defaults(now));
      long indexed = System.nanoTime();
      table = FleetTransportTable.plan(planner, traffic);
      long end = System.nanoTime();
      double seconds = (end - start) / 1e9;
      best = Math.min(best, seconds);
      System.out.printf(Locale.ROOT, "run %d: all-pairs table in %.3f s (index records %.3f s, classes"
          + " and plans %.3f s)%n", r + 1, seconds, (indexed - start) / 1e9, (end - indexed) / 1e9);
    }
    System.out.printf(Locale.ROOT,
        "%,d ordered GPU pairs, %d host classes, %,d hops planned; best %.3f s%n",
        table.gpuPairs(), table.classes(), table.hopsPlanned(), best);
    for (Map.Entry<String, Long> e : table.pairsByTransport().entrySet()) {
      Double tokenUs = table.tokenUsByTransport().get(e.getKey());
      System.out.printf(Locale.ROOT, "  %-16s %,16d pairs  %s%n", e.getKey(),
          e.getValue(), tokenUs == null ? "no estimate (QUIC fallback)"
              : String.format(Locale.ROOT, "mean %.3f us per token", tokenUs / e.getValue()));
    }
  }
}
