package dev.fabricplanner.cli;

import dev.fabricplanner.sim.sweep.SweepGrid;
import dev.fabricplanner.sim.sweep.SweepRun;
import dev.fabricplanner.sim.sweep.SweepSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Prints the sweep's figures (not a unit test: wall-clock figures are never asserted). Run after
 * {@code ./mvnw -pl cli -am package -DskipTests} and {@code test-compile}:
 * {@code java -cp cli/target/test-classes:cli/target/fabric-planner.jar dev.fabricplanner.cli.SweepBenchmark}
 *
 * <ol>
 *   <li>Overhead: 64 small runs through {@code planner sweep --jobs 1} against the same 64 configs run
 *       back to back as {@code planner sim} in the same JVM (one worker each, like with like).
 *   <li>Scale: a 1,000-run grid (10 arrival rates x 100 seeds) expanded, listed and merged; the heap a
 *       merge retains for 100 and for 1,000 runs of the same 10 points.
 * </ol>
 */
public final class SweepBenchmark {
  private static final Path SMALL = Path.of("examples", "small.yaml").toAbsolutePath();

  private SweepBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("sweep-bench");
    if (args.length == 0 || args[0].equals("overhead")) {
      overhead(dir);
    }
    if (args.length == 0 || args[0].equals("parts")) {
      parts(dir);
    }
    if (args.length == 0 || args[0].equals("scale")) {
      scale(dir);
    }
  }

  private static void overhead(Path dir) throws Exception {
    Path grid = dir.resolve("overhead.yaml");
    Files.writeString(grid, "base: " + SMALL + "\n"
        + "set: { duration_s: 3, warmup_s: 1, workload.duration_s: 3, faults: [], strategies: [power_of_two] }\n"
        + "axes:\n  workload.arrival.rps: [200, 300, 400, 500, 600, 700, 800, 900]\n  seed: [1, 2, 3, 4, 5, 6, 7, 8]\n");
    SweepGrid expanded = SweepGrid.load(grid);
    // The machine is shared: several rounds, the order alternated, and the fastest of each kept.
    double bestDirect = Double.MAX_VALUE;
    double bestSweep = Double.MAX_VALUE;
    double directCpu = 0;
    double sweepCpu = 0;
    for (int round = 0; round < 5; round++) {
      double direct = 0;
      double directCpuNow = 0;
      if (round % 2 == 0) {
        double cpu = cpuSeconds();
        direct = backToBack(expanded, dir.resolve("direct-" + round));
        directCpuNow = cpuSeconds() - cpu;
      }
      Path out = dir.resolve("sweep-" + round);
      double cpu = cpuSeconds();
      long start = System.nanoTime();
      int exit = quietly(() -> CliRunner.execute(new PlannerCli(), "sweep", "--grid", grid.toString(),
          "--output", out.toString(), "--jobs", "1", "--quiet"));
      double sweep = (System.nanoTime() - start) / 1e9;
      double sweepCpuNow = cpuSeconds() - cpu;
      if (round % 2 == 1) {
        cpu = cpuSeconds();
        direct = backToBack(expanded, dir.resolve("direct-" + round));
        directCpuNow = cpuSeconds() - cpu;
      }
      System.out.printf(Locale.ROOT, "round %d, 64 runs: back to back %.2f s wall %.2f s cpu, planner sweep --jobs 1"
          + " %.2f s wall %.2f s cpu (exit %d)%n", round, direct, directCpuNow, sweep, sweepCpuNow, exit);
      if (round > 0) {
        bestDirect = Math.min(bestDirect, direct);
        bestSweep = Math.min(bestSweep, sweep);
        directCpu += directCpuNow;
        sweepCpu += sweepCpuNow;
      }
    }
    System.out.printf(Locale.ROOT, "rounds 1-4: fastest wall back to back %.2f s, sweep %.2f s (%+.1f %%); process"
        + " CPU in total back to back %.1f s, sweep %.1f s (%+.1f %%)%n", bestDirect, bestSweep,
        100 * (bestSweep / bestDirect - 1), directCpu, sweepCpu, 100 * (sweepCpu / directCpu - 1));
  }

  /**
   * What a sweep adds to each run besides planner sim itself, timed alone (CPU of this thread, 20
   * repetitions of the 64 runs, the fastest kept): writing the run's config from the grid, and the
   * staging folder, sweep-run.json and rename.
   */
  private static void parts(Path dir) throws Exception {
    Path grid = dir.resolve("parts.yaml");
    Files.writeString(grid, "base: " + SMALL + "\n"
        + "set: { duration_s: 3, warmup_s: 1, workload.duration_s: 3, faults: [], strategies: [power_of_two] }\n"
        + "axes:\n  workload.arrival.rps: [200, 300, 400, 500, 600, 700, 800, 900]\n  seed: [1, 2, 3, 4, 5, 6, 7, 8]\n");
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    SweepGrid expanded = SweepGrid.load(grid);
    System.out.printf(Locale.ROOT, "grid load and checks (once per sweep): %.1f ms CPU%n",
        (threads.getCurrentThreadCpuTime() - start) / 1e6);
    double bestYaml = Double.MAX_VALUE;
    double bestFolder = Double.MAX_VALUE;
    for (int rep = 0; rep < 20; rep++) {
      start = threads.getCurrentThreadCpuTime();
      for (SweepRun run : expanded.runs()) {
        Files.writeString(dir.resolve("parts-input.yaml"), expanded.configYaml(run));
      }
      bestYaml = Math.min(bestYaml, (threads.getCurrentThreadCpuTime() - start) / 1e6);
      dev.fabricplanner.sim.sweep.SweepFolder folder =
          new dev.fabricplanner.sim.sweep.SweepFolder(dir.resolve("parts-" + rep));
      start = threads.getCurrentThreadCpuTime();
      for (SweepRun run : expanded.runs()) {
        Path staging = folder.staging(run);
        Files.writeString(staging.resolve("power_of_two.json"), "{}");
        folder.commit(run, expanded.fingerprint(), staging);
      }
      bestFolder = Math.min(bestFolder, (threads.getCurrentThreadCpuTime() - start) / 1e6);
    }
    System.out.printf(Locale.ROOT, "per 64 runs: run configs written from the grid %.1f ms CPU, staging +"
        + " sweep-run.json + rename %.1f ms CPU%n", bestYaml, bestFolder);
  }

  /** Each run's config as a file, then planner sim on it, one after another in this JVM. */
  private static double backToBack(SweepGrid grid, Path out) throws Exception {
    Files.createDirectories(out);
    for (SweepRun run : grid.runs()) {
      Files.writeString(out.resolve(run.id() + ".yaml"), grid.configYaml(run));
    }
    long start = System.nanoTime();
    for (SweepRun run : grid.runs()) {
      int exit = quietly(() -> CliRunner.execute(new PlannerCli(), "sim", "--config",
          out.resolve(run.id() + ".yaml").toString(), "--output", out.resolve(run.id()).toString(), "--quiet",
          "--threads", "1"));
      if (exit != 0) {
        throw new IllegalStateException("sim exit " + exit);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static void scale(Path dir) throws Exception {
    Path grid = dir.resolve("scale.yaml");
    StringBuilder seeds = new StringBuilder();
    for (int s = 1; s <= 100; s++) {
      seeds.append(s == 1 ? "" : ", ").append(s);
    }
    Files.writeString(grid, "base: " + SMALL + "\n"
        + "set: { duration_s: 1, warmup_s: 0, workload.duration_s: 1, faults: [], strategies: [least_queue] }\n"
        + "axes:\n  workload.arrival.rps: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]\n  seed: [" + seeds + "]\n");
    long start = System.nanoTime();
    StringWriter listing = new StringWriter();
    SweepCommand list = new SweepCommand();
    int exit = new picocli.CommandLine(list).setOut(new PrintWriter(listing))
        .execute("--grid", grid.toString(), "--list");
    System.out.printf(Locale.ROOT, "1,000-run grid expanded and listed in %.2f s (exit %d, %d lines)%n",
        (System.nanoTime() - start) / 1e9, exit, listing.toString().lines().count());
    Path out = dir.resolve("scale");
    start = System.nanoTime();
    quietly(() -> CliRunner.execute(new PlannerCli(), "sweep", "--grid", grid.toString(), "--output",
        out.toString(), "--quiet"));
    System.out.printf(Locale.ROOT, "1,000 one-second runs swept in %.1f s%n", (System.nanoTime() - start) / 1e9);
    start = System.nanoTime();
    exit = quietly(() -> CliRunner.execute(new PlannerCli(), "compare", out.toString(), "--output",
        dir.resolve("merged").toString()));
    System.out.printf(Locale.ROOT, "1,000 runs merged (CSV, JSON, HTML) in %.2f s (exit %d)%n",
        (System.nanoTime() - start) / 1e9, exit);

    // The same 10 points from 100 runs: copy sweep.json and every tenth run folder.
    Path tenth = dir.resolve("scale-tenth");
    Files.createDirectories(tenth.resolve("runs"));
    Files.copy(out.resolve("sweep.json"), tenth.resolve("sweep.json"));
    List<SweepRun> runs = SweepGrid.load(grid).runs();
    for (int i = 0; i < runs.size(); i += 10) {
      SweepCommandTest.copyTree(out.resolve("runs").resolve(runs.get(i).id()), tenth.resolve("runs").resolve(runs.get(i).id()));
    }
    System.out.printf(Locale.ROOT, "heap retained by a merge: 100 runs %.1f KiB, 1,000 runs %.1f KiB%n",
        retainedKiB(tenth), retainedKiB(out));
  }

  private static double retainedKiB(Path sweep) throws Exception {
    gc();
    long before = used();
    SweepSummary summary = SweepSummary.merge(List.of(sweep), 0.95);
    gc();
    long after = used();
    if (summary.runs() == 0) {
      throw new IllegalStateException("no runs");
    }
    return (after - before) / 1024.0;
  }

  /** CPU time of the whole JVM (every thread, GC and JIT included): less swayed by other load than wall time. */
  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  private static long used() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void gc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
  }

  private interface Command {
    int run() throws Exception;
  }

  private static int quietly(Command command) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    System.setOut(sink);
    System.setErr(sink);
    try {
      return command.run();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
