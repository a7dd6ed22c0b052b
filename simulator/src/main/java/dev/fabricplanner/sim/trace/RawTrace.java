package dev.fabricplanner.sim.trace;

import dev.fabricplanner.core.InvalidInputException;
import java.io.Closeable;

/** A trace's requests in file order, as parsed, before windowing, scaling or sorting. */
interface RawTrace extends Closeable {
  /**
   * Reads the next request into {@code out} (reset first); false at the end. A line that does not
   * parse is an error naming the file and line, or, when skipping bad lines, counted and passed over.
   */
  boolean next(ParsedRequest out) throws InvalidInputException;

  /** Where the last request came from, for messages: {@code file:line} or {@code file: requests[i]}. */
  String where();

  /** Lines skipped because they did not parse (only when skipping bad lines). */
  long badLines();

  /** The first skipped line's problem, or null. */
  String firstBadLine();

  /** Requests the trace itself marks as failed, left out (the replay JSON's has_error). */
  long excluded();
}
