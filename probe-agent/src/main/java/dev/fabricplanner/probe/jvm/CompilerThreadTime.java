package dev.fabricplanner.probe.jvm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * CPU time the JIT compiler threads of this JVM have used, in ms, from Linux's /proc/self/task (the
 * threads named "C1 CompilerThre…" and "C2 CompilerThre…"). Unlike the JVM's compilation-time counter
 * it grows while a compile runs. Compiler threads come and go (HotSpot starts more under load), so
 * the total adds each thread's growth since the last reading and never falls.
 */
final class CompilerThreadTime implements LongSupplier {
  private static final Path TASKS = Path.of("/proc/self/task");
  /** Linux reports thread CPU time in clock ticks of 1/100 s (USER_HZ) on every common platform. */
  private static final long MS_PER_TICK = 10;

  private final Map<String, Long> lastTicks = new HashMap<>();
  private long totalTicks;

  static boolean available() {
    return Files.isDirectory(TASKS);
  }

  @Override
  public long getAsLong() {
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        Long ticks = compilerTicks(task);
        if (ticks != null) {
          Long last = lastTicks.put(task.getFileName().toString(), ticks);
          totalTicks += Math.max(0, ticks - (last == null ? 0 : last));
        }
      }
    } catch (IOException e) {
      // Unreadable now: report what was counted so far (the compilers count as quiet meanwhile).
    }
    return totalTicks * MS_PER_TICK;
  }

  /** utime + stime of a compiler thread, or null for any other thread (or one that just ended). */
  private static Long compilerTicks(Path task) {
    try {
      String name = Files.readString(task.resolve("comm")).trim();
      if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
        return null;
      }
      String stat = Files.readString(task.resolve("stat"));
      // Fields after the name, which is in parentheses and may hold spaces: state is field 3,
      // utime field 14, stime field 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
