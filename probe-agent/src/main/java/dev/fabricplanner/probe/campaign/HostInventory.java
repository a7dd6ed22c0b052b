package dev.fabricplanner.probe.campaign;

import dev.fabricplanner.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts of a campaign and the class of each (hosts of one class are expected to measure alike: same
 * GPU, NIC and network position), read from a text file with one {@code HOST-ID CLASS} per line; blank
 * lines and {@code #} comments are ignored. The order of the file is the order of the schedule.
 */
public record HostInventory(List<Host> hosts) {
  /** One host: its record id and its class. */
  public record Host(String id, String hostClass) {}

  /** Ids name files in the campaign folder (tokens, records), so they stay plain. */
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  public HostInventory {
    hosts = List.copyOf(hosts);
  }

  public static HostInventory read(Path file) throws InvalidInputException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new InvalidInputException("--hosts: cannot read " + file + ": " + e.getMessage());
    }
    return parse(file.toString(), lines);
  }

  /** Parses inventory lines; each problem names the file and line. */
  public static HostInventory parse(String source, List<String> lines) throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    List<Host> hosts = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (text.isEmpty()) {
        continue;
      }
      String where = source + ":" + (i + 1) + ": ";
      String[] fields = text.split("\\s+");
      if (fields.length != 2) {
        problems.add(where + "wants `HOST-ID CLASS`, got " + fields.length + " field" + (fields.length == 1 ? "" : "s"));
      } else if (!fields[0].matches(NAME) || !fields[1].matches(NAME)) {
        problems.add(where + "host id and class want letters, digits, '.', '_' or '-' (starting with a letter or digit)");
      } else if (!ids.add(fields[0])) {
        problems.add(where + "host id '" + fields[0] + "' is listed twice");
      } else {
        hosts.add(new Host(fields[0], fields[1]));
      }
    }
    if (problems.isEmpty() && hosts.size() < 2) {
      problems.add(source + ": a campaign needs at least two hosts, found " + hosts.size());
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return new HostInventory(hosts);
  }

  public Optional<Host> host(String id) {
    return hosts.stream().filter(h -> h.id().equals(id)).findFirst();
  }

  /** Classes in order of first appearance. */
  public List<String> classes() {
    Set<String> classes = new LinkedHashSet<>();
    hosts.forEach(h -> classes.add(h.hostClass()));
    return List.copyOf(classes);
  }

  public int indexOf(String id) {
    for (int i = 0; i < hosts.size(); i++) {
      if (hosts.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }
}
