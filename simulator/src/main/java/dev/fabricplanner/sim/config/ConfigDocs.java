package dev.fabricplanner.sim.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/CONFIG.md's generated key tables: each {@link ConfigKeys} section's table sits between
 * {@code <!-- keys: PATH -->} and {@code <!-- /keys -->}; the prose around them is written by hand.
 * {@code main} rewrites the file; ConfigDocsTest fails when it is stale.
 */
public final class ConfigDocs {
  static final String END = "<!-- /keys -->";

  private ConfigDocs() {}

  static String begin(String path) {
    return "<!-- keys: " + path + " -->";
  }

  /**
   * {@code markdown} with every section's table regenerated; a problem line per section whose markers
   * are missing.
   */
  static String regenerate(String markdown, List<String> problems) {
    String out = markdown;
    for (KeySection<?> section : ConfigKeys.SECTIONS) {
      String begin = begin(section.path());
      int start = out.indexOf(begin);
      int end = start < 0 ? -1 : out.indexOf(END, start);
      if (start < 0 || end < 0) {
        problems.add("docs/CONFIG.md: no " + begin + " ... " + END + " block for " + section.path());
        continue;
      }
      out = out.substring(0, start) + begin + "\n" + section.docTable() + out.substring(end);
    }
    return out;
  }

  /** Rewrites the CONFIG.md given as the argument (default docs/CONFIG.md) from the descriptors. */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "docs/CONFIG.md");
    List<String> problems = new ArrayList<>();
    String updated = regenerate(Files.readString(file, StandardCharsets.UTF_8), problems);
    if (!problems.isEmpty()) {
      problems.forEach(System.err::println);
      System.exit(2);
    }
    Files.writeString(file, updated, StandardCharsets.UTF_8);
    System.out.println("wrote " + file);
  }
}
