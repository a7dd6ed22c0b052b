package dev.fabricplanner.probe.cuda;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.File;
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

  private static String resolvedPath(String candidate) {
    File file = NativeLibrary.getInstance(candidate).getFile();
    return file == null ? candidate : file.getAbsolutePath();
  }

  /**
   * JNA's message repeats every path it tried over many lines; the dlerror text ("cannot open shared
   * object file: No such file or directory") is the part worth keeping.
   */
  static String summarize(String message) {
    if (message == null) {
      return "unknown load failure";
    }
    for (String line : message.split("\n")) {
      int at = line.indexOf("cannot open shared object file");
      if (at >= 0) {
        return line.substring(at).trim();
      }
    }
    String first = message.split("\n")[0].trim();
    return first.length() > 200 ? first.substring(0, 200) + "..." : first;
  }
}
