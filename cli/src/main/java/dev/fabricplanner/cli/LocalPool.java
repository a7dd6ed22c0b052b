package dev.fabricplanner.cli;

import dev.fabricplanner.sim.sweep.SweepFolder;
import dev.fabricplanner.sim.sweep.SweepGrid;
import dev.fabricplanner.sim.sweep.SweepRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The local backend: a sweep's runs on a pool of worker threads in this JVM (no JVM start per run),
 * each run on one thread, progress reported as runs finish.
 */
record LocalPool(SweepGrid grid, SweepFolder folder, int workers) {

  /** Runs the given runs; returns the failed ones, in index order. */
  List<SweepTask.Result> run(List<SweepRun> runs, SweepProgress progress)
      throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(workers, runs.size())), runnable -> {
      Thread thread = new Thread(runnable, "sweep-run");
      thread.setDaemon(true);
      return thread;
    });
    List<SweepTask.Result> failures = new ArrayList<>();
    try {
      List<Future<SweepTask.Result>> futures = new ArrayList<>();
      for (SweepRun run : runs) {
        futures.add(pool.submit(() -> {
          SweepTask.Result result = SweepTask.execute(grid, run, folder);
          progress.finished(result.outcome());
          return result;
        }));
      }
      for (Future<SweepTask.Result> future : futures) {
        SweepTask.Result result = unwrap(future);
        if (result.outcome() == SweepTask.Outcome.FAILED) {
          failures.add(result);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return failures;
  }

  private static SweepTask.Result unwrap(Future<SweepTask.Result> future) throws IOException, InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
