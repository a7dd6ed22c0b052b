package dev.fabricplanner.sim.config;

import dev.fabricplanner.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The problems found in one config file, each one line: {@code file:line:column: path: what is
 * wanted}. Loading goes on after a problem so that a user sees all of them at once.
 */
final class ConfigProblems {
  private final String file;

  private record Problem(int line, int column, String text) {}

  private final List<Problem> problems = new ArrayList<>();

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
    String where =
        mark == null ? file : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    String text = where + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    problems.add(
        new Problem(
            mark == null ? -1 : mark.getLine(), mark == null ? -1 : mark.getColumn(), text));
  }

  int count() {
    return problems.size();
  }

  /** All problems, in the order they appear in the file. */
  void throwIfAny() throws InvalidInputException {
    if (problems.isEmpty()) {
      return;
    }
    List<String> lines =
        problems.stream()
            .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
            .map(Problem::text)
            .toList();
    throw new InvalidInputException(lines);
  }
}
