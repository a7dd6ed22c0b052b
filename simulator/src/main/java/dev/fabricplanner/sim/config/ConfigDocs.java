package dev.fabricplanner.sim.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/CONFIG.md's generated key tables: each {@link ConfigKeys} section's keys sit in a table between
 * {@code <!-- keys: PATH -->} and {@code <!-- /keys -->}; the prose around them is written by hand.
 * {@code main} rewrites the file; ConfigDocsTest fails when it is stale.
 */
public final class ConfigDocs {
  static final String END = "<!-- /keys -->";

  private ConfigDocs() {}

  static final String MARKER = "<!-- keys: ";
  /** A marker starts a line; the same text inside prose is not one. */
  static final String BEGIN = "\n" + MARKER;

  /**
   * {@code markdown} with every generated table rewritten: a {@code <!-- keys: PATH [PATH...] -->}
   * marker is followed by one table of those sections' keys, up to {@code <!-- /keys -->}. A problem
   * line per marker naming no known section, and per section without a marker.
   */
  static String regenerate(String markdown, List<String> problems) {
    StringBuilder out = new StringBuilder();
    List<String> documented = new ArrayList<>();
    int at = 0;
    while (true) {
      int begin = markdown.indexOf(BEGIN, at);
      if (begin < 0) {
        out.append(markdown, at, markdown.length());
        break;
      }
      int close = markdown.indexOf("-->", begin);
      int end = close < 0 ? -1 : markdown.indexOf(END, close);
      if (end < 0) {
        problems.add("docs/CONFIG.md: " + MARKER + "... without " + END);
        out.append(markdown, at, markdown.length());
        break;
      }
      StringBuilder table = new StringBuilder("| key | type | default | meaning |\n")
          .append("| --- | --- | --- | --- |\n");
      for (String path : markdown.substring(begin + BEGIN.length(), close).trim().split("\\s+")) {
        KeySection<?> section = section(path);
        if (section == null) {
          problems.add("docs/CONFIG.md: " + MARKER + path + " names no section of ConfigKeys");
        } else {
          documented.add(path);
          table.append(section.docRows(section.path()));
        }
      }
      out.append(markdown, at, close + 3).append('\n').append(table);
      at = end;
    }
    for (KeySection<?> section : ConfigKeys.SECTIONS) {
      if (!documented.contains(section.docName())) {
        problems.add("docs/CONFIG.md: no " + MARKER + section.docName() + " --> table");
      }
    }
    return out.toString();
  }

  private static KeySection<?> section(String path) {
    for (KeySection<?> section : ConfigKeys.SECTIONS) {
      if (section.docName().equals(path)) {
        return section;
      }
    }
    return null;
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
