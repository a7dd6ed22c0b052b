package dev.fabricplanner.sim.trace;

/**
 * A trace line that does not parse, with what was wanted. Thrown per bad line, so it carries no
 * stack trace; the reader adds the file and line number.
 */
final class LineProblem extends Exception {
  private static final long serialVersionUID = 1L;

  LineProblem(String wanted) {
    super(wanted, null, false, false);
  }
}
