package dev.fabricplanner.sim.run;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.Simulation;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyProvider;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every configured strategy on the same config, in parallel on the available cores. Each run is
 * a pure function of (config, strategy), so the thread it lands on changes nothing in its result;
 * results come back in the config's strategy order.
 */
public final class ComparisonRunner {
  private final StrategyRegistry registry;
  private final int threads;

  public ComparisonRunner(StrategyRegistry registry, int threads) {
    this.registry = registry;
    this.threads = Math.max(1, threads);
  }

  /** Runs every strategy; names and parameters are all checked before the first run starts. */
  public List<StrategyRun> run(SimulationConfig config, ProgressBoard progress)
      throws InvalidInputException, InterruptedException {
    List<StrategyProvider> providers = StrategyCheck.resolve(config, registry);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, providers.size()), runnable -> {
      Thread thread = new Thread(runnable, "simulation");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<StrategyRun>> futures = new ArrayList<>();
      for (int i = 0; i < providers.size(); i++) {
        String name = config.strategies().get(i);
        StrategyProvider provider = providers.get(i);
        StrategyParams params = new StrategyParams(name, config.paramsFor(name));
        futures.add(pool.submit(() -> runOne(config, name, provider, params, progress)));
      }
      List<StrategyRun> runs = new ArrayList<>();
      for (Future<StrategyRun> future : futures) {
        runs.add(unwrap(future));
      }
      return runs;
    } finally {
      pool.shutdownNow();
    }
  }

  private static StrategyRun runOne(
      SimulationConfig config, String name, StrategyProvider provider, StrategyParams params,
      ProgressBoard progress) throws InvalidInputException {
    long start = System.nanoTime();
    SimulationResult result =
        Simulation.run(config, name, provider, params, progress.listenerFor(name));
    double wallSeconds = (System.nanoTime() - start) / 1e9;
    progress.finished(name, result.events(), wallSeconds);
    return new StrategyRun(result, wallSeconds);
  }

  private static StrategyRun unwrap(Future<StrategyRun> future)
      throws InvalidInputException, InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidInputException invalid) {
        throw invalid;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }
}
