package dev.fabricplanner.sim.trace;

import dev.fabricplanner.core.InvalidInputException;
import java.io.IOException;

/** A line-oriented trace (CSV or JSON lines) read line by line through its {@link LineFormat}. */
final class LineTrace implements RawTrace {
  private final String file;
  private final ByteLines lines;
  private final LineFormat format;
  private final boolean skipBadLines;
  private boolean headerRead;
  private long badLines;
  private String firstBadLine;

  LineTrace(String file, ByteLines lines, LineFormat format, boolean skipBadLines) {
    this.file = file;
    this.lines = lines;
    this.format = format;
    this.skipBadLines = skipBadLines;
    this.headerRead = !format.hasHeader();
  }

  @Override
  public boolean next(ParsedRequest out) throws InvalidInputException {
    try {
      while (lines.next()) {
        if (lines.blank()) {
          continue;
        }
        byte[] b = lines.bytes();
        if (!headerRead) {
          headerRead = true;
          try {
            format.header(b, lines.start(), lines.end());
          } catch (LineProblem problem) {
            // Without its header nothing else in the file can be read: never skipped.
            throw new InvalidInputException(where() + ": " + problem.getMessage());
          }
          continue;
        }
        out.reset();
        try {
          format.parse(b, lines.start(), lines.end(), out);
          return true;
        } catch (LineProblem problem) {
          String line = where() + ": " + problem.getMessage();
          if (!skipBadLines) {
            throw new InvalidInputException(
                line + " (line: " + lines.text(120) + "; skip_bad_lines / --skip-bad-lines skips"
                    + " such lines)");
          }
          if (badLines++ == 0) {
            firstBadLine = line;
          }
        }
      }
      if (!headerRead) {
        throw new InvalidInputException(file + ": the trace is empty; wanted a header line first");
      }
      return false;
    } catch (IOException unreadable) {
      throw new InvalidInputException(
          file + ": cannot read the trace after line " + lines.number() + ": "
              + unreadable.getMessage());
    }
  }

  @Override
  public String where() {
    return file + ":" + lines.number();
  }

  @Override
  public long badLines() {
    return badLines;
  }

  @Override
  public String firstBadLine() {
    return firstBadLine;
  }

  @Override
  public long excluded() {
    return 0;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
