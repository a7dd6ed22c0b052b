package dev.fabricplanner.core;

import java.util.List;

/**
 * Input a user can fix (a config, a record, a flag) was wrong. Each problem is one line that names the
 * file, the field or line/column, and what is wanted; commands print the lines and exit non-zero.
 */
public final class InvalidInputException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public InvalidInputException(List<String> problems) {
    super(String.join("\n", problems), null, false, false);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an input error needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public InvalidInputException(String problem) {
    this(List.of(problem));
  }

  /** One line per problem, in the order found. */
  public List<String> problems() {
    return problems;
  }
}
