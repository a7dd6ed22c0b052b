package dev.fabricplanner.probe.cuda;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the first candidate that dlopen accepts, or says why each one failed. */
final class NativeLibraryLocator {
  private NativeLibraryLocator() {}

  /** A loaded library and the file it came from, or the reason none loaded. */
  record Located<T>(T library, String path, String failure) {
    boolean found() {
      return library != null;
    }
  }

  static <T extends Library> Located<T> locate(Class<T> type, List<String> candidates) {
    List<String> failures = new ArrayList<>();
    for (String candidate : candidates) {
      if (candidate.contains("/") && !new File(candidate).exists()) {
        failures.add(candidate + ": no such file");
        continue;
      }
      try {
        T library = Native.load(candidate, type);
        return new Located<>(library, resolvedPath(candidate), null);
      } catch (UnsatisfiedLinkError e) {
        failures.add(candidate + ": " + summarize(e.getMessage()));
      }
    }
    return new Located<>(null, null, String.join("; ", failures));
  }

  /**
   * The file the dynamic loader mapped. JNA's own answer is wrong for a bare soname found through
   * the loader's cache, so /proc/self/maps is asked first.
   */
  static String resolvedPath(String candidate) {
    // Match on "libname.so": a soname's file often carries a longer version
    // (libnvidia-ml.so.1 -> libnvidia-ml.so.550.54.15).
    String base = new File(candidate).getName();
    int so = base.indexOf(".so");
    String stem = so > 0 ? base.substring(0, so + 3) : base;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        int slash = line.indexOf('/');
        if (slash >= 0) {
          String mapped = line.substring(slash).trim();
          if (Path.of(mapped).getFileName().toString().startsWith(stem)) {
            return mapped;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or maps unreadable: fall back to what JNA recorded.
    }
    File file = NativeLibrary.getInstance(candidate).getFile();
    return file == null ? candidate : file.getAbsolutePath();
  }

  /**
   * JNA's message is a header, then dlerror's text once per attempt, then a note on its resource
   * path; the first dlerror line, without its file-name prefix, is the part worth keeping (for
   * example "cannot open shared object file: No such file or directory" or "invalid ELF header").
   */
  static String summarize(String message) {
    if (message == null) {
      return "unknown load failure";
    }
    String[] lines = message.split("\n");
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()
          || line.startsWith("Native library")
          || line.startsWith("Unable to load")) {
        continue;
      }
      int colon = line.indexOf(": ");
      return colon > 0 && !line.substring(0, colon).contains(" ")
          ? line.substring(colon + 2)
          : line;
    }
    String first = lines[0].trim();
    return first.length() > 200 ? first.substring(0, 200) + "..." : first;
  }
}
