package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.ProgressListener;
import dev.fabricplanner.sim.Simulation;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyProvider;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code planner bench}: how fast the simulation engine runs the full model on one thread. For each
 * config it runs a short warm-up (so the JIT has compiled the hot loop), then one measured run whose
 * simulated duration is set so that it processes about {@code --events-target} events, and prints
 * events/s, requests/s, wall time and peak heap. These are wall-clock figures: they go to stdout only,
 * never into result files.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure the simulation engine's speed (events/s, requests/s) on one thread.")
public final class BenchCommand implements Callable<Integer> {
  static final List<Path> DEFAULT_CONFIGS =
      List.of(Path.of("examples/small.yaml"), Path.of("examples/medium.yaml"));
  static final List<Path> FALLBACK_CONFIGS =
      List.of(Path.of("examples/infermesh/small.yaml"), Path.of("examples/infermesh/medium.yaml"));

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      description = "Config to run (repeatable; default examples/small.yaml and examples/medium.yaml).")
  List<Path> configs = new ArrayList<>();

  @Option(names = "--strategy", description = "Routing strategy (default ${DEFAULT-VALUE}).")
  String strategy = "power_of_two";

  @Option(
      names = "--events-target",
      description = "Events in each measured run, about (default ${DEFAULT-VALUE}).")
  long eventsTarget = 20_000_000;

  @Option(
      names = "--minimal-loop",
      description = "Also time a minimal M/M/c loop on the same event queue (the design's reference).")
  boolean minimalLoop;

  @Override
  public Integer call() throws InvalidInputException {
    if (eventsTarget < 1000) {
      throw new InvalidInputException("--events-target: must be at least 1000, got " + eventsTarget);
    }
    PrintWriter out = spec.commandLine().getOut();
    StrategyProvider provider = StrategyRegistry.fromClassPath().find(strategy);
    out.println(
        String.format(
            Locale.ROOT, "%-32s %7s %10s %7s %7s %11s %11s %9s %9s %8s",
            "config", "nodes", "events", "wall_s", "cpu_s", "events/s", "events/cpu_s", "requests",
            "req/s", "heap_MiB"));
    for (Path file : configsToRun()) {
      SimulationConfig config = ConfigLoader.load(file);
      Measurement m = measure(config, provider);
      out.println(
          String.format(
              Locale.ROOT, "%-32s %7d %10d %7.2f %7.2f %11.0f %11.0f %9d %9.0f %8.0f",
              file, config.totalNodes(), m.events, m.wallS, m.cpuS, m.events / m.wallS,
              m.events / m.cpuS, m.requests, m.requests / m.wallS, m.peakHeapBytes / 1048576.0));
      out.flush();
    }
    if (minimalLoop) {
      MinimalLoop.run(eventsTarget / 10); // warm-up
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      long events = MinimalLoop.run(eventsTarget);
      double wallS = (System.nanoTime() - start) / 1e9;
      double cpuS = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      out.println(
          String.format(
              Locale.ROOT, "%-32s %7d %10d %7.2f %7.2f %11.0f %11.0f",
              "minimal M/M/c loop (c=8)", 1, events, wallS, cpuS, events / wallS, events / cpuS));
    }
    return 0;
  }

  private List<Path> configsToRun() throws InvalidInputException {
    if (!configs.isEmpty()) {
      return configs;
    }
    List<Path> chosen = new ArrayList<>();
    for (int i = 0; i < DEFAULT_CONFIGS.size(); i++) {
      Path preferred = DEFAULT_CONFIGS.get(i);
      chosen.add(Files.exists(preferred) ? preferred : FALLBACK_CONFIGS.get(i));
    }
    return chosen;
  }

  /** Wall time, and CPU time of the running thread (the machine may be shared with other work). */
  private record Measurement(
      long events, long requests, double wallS, double cpuS, long peakHeapBytes) {}

  private Measurement measure(SimulationConfig config, StrategyProvider provider)
      throws InvalidInputException {
    // Warm-up: a tenth of the target, which also gives the events per simulated second.
    double probeS = Math.min(config.durationS(), 10);
    SimulationConfig probe = withDuration(config, probeS);
    SimulationResult warm = run(probe, provider);
    double eventsPerSimS = Math.max(1, warm.events() / probeS);
    double measuredS = Math.max(1, eventsTarget / eventsPerSimS);
    SimulationConfig measured = withDuration(config, measuredS);
    System.gc();
    List<MemoryPoolMXBean> heapPools = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
        heapPools.add(pool);
      }
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    SimulationResult result = run(measured, provider);
    double wallS = (System.nanoTime() - start) / 1e9;
    double cpuS = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : heapPools) {
      peak += pool.getPeakUsage().getUsed();
    }
    return new Measurement(result.events(), result.requests().arrived(), wallS, cpuS, peak);
  }

  private SimulationResult run(SimulationConfig config, StrategyProvider provider)
      throws InvalidInputException {
    return Simulation.run(
        config, strategy, provider, new StrategyParams(strategy, config.paramsFor(strategy)),
        ProgressListener.NONE);
  }

  /**
   * The config with arrivals and the run both lasting {@code seconds}, and everything else as
   * configured (shared prefixes, a trace, client timeout, decision cost, disaggregation): the bench
   * times the fleet the config describes. The warm-up shrinks with a short run.
   */
  static SimulationConfig withDuration(SimulationConfig c, double seconds) {
    return c.withTiming(seconds, Math.min(c.warmupS(), seconds / 10))
        .withWorkload(c.workload().withDurationS(seconds));
  }
}
