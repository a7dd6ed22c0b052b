package dev.fabricplanner.sim.trace;

import java.util.Arrays;

/** One trace request as parsed, before windowing and scaling; reused from line to line. */
final class ParsedRequest {
  /** When it arrived, in ms on the trace's own clock (absolute for Azure, relative elsewhere). */
  double timeMs;
  long inputTokens;
  long outputTokens;
  /** Its position among every request of the file, failed ones included; -1: not counted. */
  long sequence;
  /** Whether the trace marks the request failed (then its token counts are the trace's 0). */
  boolean failed;
  /** Whether the line had {@code hash_ids} (possibly empty). */
  boolean hasIds;
  long[] ids = new long[64];
  int idCount;

  void reset() {
    timeMs = Double.NaN;
    inputTokens = -1;
    outputTokens = -1;
    sequence = -1;
    failed = false;
    hasIds = false;
    idCount = 0;
  }

  void addId(long id) {
    if (idCount == ids.length) {
      ids = Arrays.copyOf(ids, idCount * 2);
    }
    ids[idCount++] = id;
  }
}
