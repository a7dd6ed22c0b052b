package dev.fabricplanner.sim.trace;

/** How one line-oriented trace format reads its lines. */
interface LineFormat {
  /** Whether the first line is a header naming the columns. */
  boolean hasHeader();

  /** Reads the header line; a problem says which columns are wanted. */
  void header(byte[] b, int from, int to) throws LineProblem;

  /** Reads one request line into {@code out} (already reset). */
  void parse(byte[] b, int from, int to, ParsedRequest out) throws LineProblem;
}
