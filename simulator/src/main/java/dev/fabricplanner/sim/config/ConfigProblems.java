package dev.fabricplanner.sim.config;

import dev.fabricplanner.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The problems found in one config file, each one line: {@code file:line:column: path: what is wanted}.
 * Loading goes on after a problem so that a user sees all of them at once.
 */
final class ConfigProblems {
  private final String file;
  private final List<String> lines = new ArrayList<>();

  ConfigProblems(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  void at(Node node, String path, String message) {
    at(node.getStartMark(), path, message);
  }

  void at(Mark mark, String path, String message) {
    String where = mark == null ? file : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    lines.add(where + ": " + (path.isEmpty() ? "" : path + ": ") + message);
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  void throwIfAny() throws InvalidInputException {
    if (!lines.isEmpty()) {
      throw new InvalidInputException(lines);
    }
  }
}
