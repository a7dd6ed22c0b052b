package dev.fabricplanner.probe.fabric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prints the loopback sweep tables of docs/PROBE-LIBFABRIC.md:
 * {@code java -cp cli/target/fabric-planner.jar dev.fabricplanner.probe.fabric.LoopbackBenchmark
 * [--providers tcp,shm,udp,sockets] [--endpoint-type rdm|dgram|msg] [--sizes 64,4096,...]
 * [--iterations N] [--rounds N] [--quick] [--no-rma]}. {@code --no-rma} opens the endpoints without
 * FI_RMA, as fi_pingpong does (the capabilities asked for can change the provider's protocol). Without --endpoint-type each provider runs its
 * profile's type.
 */
public final class LoopbackBenchmark {
  private LoopbackBenchmark() {}

  public static void main(String[] args) {
    List<String> providers = List.of("tcp", "shm", "udp", "sockets");
    TestPlan plan = TestPlan.standard();
    EndpointType forcedType = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--providers" -> {
          providers = Arrays.asList(value.split(","));
          i++;
        }
        case "--quick" -> plan = TestPlan.quick();
        case "--no-rma" -> plan = withoutRma(plan);
        case "--endpoint-type" -> {
          forcedType = EndpointType.parse(value);
          if (forcedType == null) {
            System.err.println("--endpoint-type: want rdm, dgram or msg, not '" + value + "'");
            System.exit(2);
          }
          i++;
        }
        case "--sizes" -> {
          plan = withSizes(plan, Arrays.stream(value.split(",")).map(Integer::valueOf).toList());
          i++;
        }
        case "--iterations" -> {
          plan = withCounts(plan, Integer.parseInt(value), plan.bandwidthRounds());
          i++;
        }
        case "--rounds" -> {
          plan = withCounts(plan, plan.latencyIterations(), Integer.parseInt(value));
          i++;
        }
        default -> {
          System.err.println("unknown option " + args[i] + "; see the class comment for usage");
          System.exit(2);
        }
      }
    }
    LibfabricLoad load = Libfabric.load();
    if (!load.isLoaded()) {
      System.out.println("libfabric skipped: " + load.skipReason());
      return;
    }
    Libfabric library = load.library();
    System.out.println("libfabric " + library.version() + " (" + library.path() + "), "
        + Runtime.getRuntime().availableProcessors() + " CPUs, plan " + plan + "\n");
    List<ProviderResult> results = new ArrayList<>();
    for (String provider : providers) {
      ProbeProfile profile = ProbeProfile.parse(provider);
      EndpointType type = forcedType != null ? forcedType
          : profile == null ? EndpointType.RDM : profile.endpointType();
      ProviderQuery query = new ProviderQuery(provider, type, null,
          ProbeProfile.usesIpAddresses(provider) ? "127.0.0.1" : null);
      ProviderResult result = new LoopbackRun(library, plan).run(query);
      results.add(result);
      System.out.println(SweepTables.render(result));
    }
  }

  private static TestPlan withSizes(TestPlan plan, List<Integer> sizes) {
    return new TestPlan(sizes, plan.latencyIterations(), plan.latencyWarmup(),
        plan.bandwidthRounds(), plan.bandwidthWarmup(), plan.window(), plan.batchSizes(),
        plan.batchMessageBytes(), plan.rmaWrite(), plan.timeoutMillis());
  }

  private static TestPlan withoutRma(TestPlan plan) {
    return new TestPlan(plan.sizes(), plan.latencyIterations(), plan.latencyWarmup(),
        plan.bandwidthRounds(), plan.bandwidthWarmup(), plan.window(), plan.batchSizes(),
        plan.batchMessageBytes(), false, plan.timeoutMillis());
  }

  private static TestPlan withCounts(TestPlan plan, int iterations, int rounds) {
    return new TestPlan(plan.sizes(), iterations, plan.latencyWarmup(), rounds,
        plan.bandwidthWarmup(), plan.window(), plan.batchSizes(), plan.batchMessageBytes(),
        plan.rmaWrite(), plan.timeoutMillis());
  }
}
