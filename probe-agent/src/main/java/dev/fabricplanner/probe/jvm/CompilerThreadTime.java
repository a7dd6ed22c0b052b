package dev.fabricplanner.probe.jvm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Time the JIT compiler threads of this JVM have been busy, in microseconds, from Linux's
 * /proc/self/task (the threads named "C1 CompilerThre…" and "C2 CompilerThre…"): the time they ran
 * plus the time they were runnable but waiting for a CPU (schedstat, in ns), so that a compile still
 * running counts, and so does one starved by the busy-polling loops it would interrupt. Where
 * schedstat is missing, the CPU time of stat (clock ticks of 10 ms) stands in. Compiler threads come
 * and go (HotSpot starts more under load), so the total adds each thread's growth since the last
 * reading and never falls.
 */
final class CompilerThreadTime implements LongSupplier {
  private static final Path TASKS = Path.of("/proc/self/task");
  /** Linux reports stat's CPU time in clock ticks of 1/100 s (USER_HZ) on every common platform. */
  private static final long MICROS_PER_TICK = 10_000;

  /** Per thread id: whether it is a compiler thread (names are read once per thread). */
  private final Map<String, Boolean> compilers = new HashMap<>();
  private final Map<String, Long> lastMicros = new HashMap<>();
  private long totalMicros;

  static boolean available() {
    return Files.isDirectory(TASKS);
  }

  @Override
  public long getAsLong() {
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String tid = task.getFileName().toString();
        if (!compilers.computeIfAbsent(tid, id -> isCompiler(task))) {
          continue;
        }
        Long micros = busyMicros(task);
        if (micros != null) {
          Long last = lastMicros.put(tid, micros);
          totalMicros += Math.max(0, micros - (last == null ? 0 : last));
        }
      }
    } catch (IOException e) {
      // Unreadable now: report what was counted so far (the compilers count as quiet meanwhile).
    }
    return totalMicros;
  }

  private static boolean isCompiler(Path task) {
    try {
      String name = Files.readString(task.resolve("comm")).trim();
      return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Run plus run-queue time of a thread, or null for one that just ended. */
  private static Long busyMicros(Path task) {
    try {
      String[] schedstat = Files.readString(task.resolve("schedstat")).trim().split(" ");
      return (Long.parseLong(schedstat[0]) + Long.parseLong(schedstat[1])) / 1_000;
    } catch (IOException | RuntimeException e) {
      return statMicros(task);
    }
  }

  /** utime + stime of stat: fields after the name, which is in parentheses and may hold spaces. */
  private static Long statMicros(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MICROS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
