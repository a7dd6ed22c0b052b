package dev.fabricplanner.sim.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.fabricplanner.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The calibration replay JSON ({@code ../shared/data/vllm-calibration/traces/<run>.json.gz}): one
 * object whose {@code requests[]} hold {@code arrival_time_us}, {@code input_tokens}, {@code
 * output_tokens} and {@code has_error}. Read with a streaming parser, one request at a time, so the
 * file is never held whole. Requests the client marked {@code has_error} failed on the real server
 * (their token counts are 0): they are left out and counted.
 */
final class ReplayTrace implements RawTrace {
  private final String file;
  private final JsonParser parser;
  private final boolean skipBadLines;
  private boolean inRequests;
  private boolean done;
  private long index = -1;
  private long badLines;
  private String firstBadLine;
  private long excluded;
  private boolean keepFailed;

  ReplayTrace(String file, InputStream in, boolean skipBadLines) throws IOException {
    this.file = file;
    this.parser = new JsonFactory().createParser(in);
    this.skipBadLines = skipBadLines;
  }

  @Override
  public boolean next(ParsedRequest out) throws InvalidInputException {
    try {
      if (!inRequests && !findRequests()) {
        return false;
      }
      while (!done) {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
          done = true;
          return false;
        }
        index++;
        if (token != JsonToken.START_OBJECT) {
          parser.skipChildren();
          if (bad("wanted an object with arrival_time_us, input_tokens, output_tokens")) {
            continue;
          }
        }
        out.reset();
        out.sequence = index;
        boolean failed = false;
        String problem = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          switch (name) {
            case "arrival_time_us" -> {
              if (value.isNumeric() && parser.getDoubleValue() >= 0) {
                out.timeMs = parser.getDoubleValue() / 1000.0;
              } else {
                problem = "arrival_time_us: wanted microseconds >= 0";
              }
            }
            case "input_tokens" -> {
              out.inputTokens = count(value);
              problem = out.inputTokens < 0 ? "input_tokens: wanted a whole number >= 0" : problem;
            }
            case "output_tokens" -> {
              out.outputTokens = count(value);
              problem =
                  out.outputTokens < 0 ? "output_tokens: wanted a whole number >= 0" : problem;
            }
            case "has_error" -> failed = value == JsonToken.VALUE_TRUE;
            default -> parser.skipChildren();
          }
        }
        if (failed && !keepFailed) {
          excluded++;
          continue;
        }
        out.failed = failed;
        if (problem == null && Double.isNaN(out.timeMs)) {
          problem = "arrival_time_us: missing";
        } else if (problem == null && (out.inputTokens < 0 || out.outputTokens < 0)) {
          problem = (out.inputTokens < 0 ? "input_tokens" : "output_tokens") + ": missing";
        }
        if (problem != null && bad(problem)) {
          continue;
        }
        return true;
      }
      return false;
    } catch (JsonProcessingException malformed) {
      JsonLocation at = malformed.getLocation();
      throw new InvalidInputException(
          file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
              + ": malformed JSON: " + malformed.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException unreadable) {
      throw new InvalidInputException(file + ": cannot read the trace: " + unreadable.getMessage());
    }
  }

  /** Reports or counts a bad request; true when it is skipped. */
  private boolean bad(String problem) throws InvalidInputException {
    String line = where() + ": " + problem;
    if (!skipBadLines) {
      throw new InvalidInputException(line + " (skip_bad_lines / --skip-bad-lines skips such requests)");
    }
    if (badLines++ == 0) {
      firstBadLine = line;
    }
    return true;
  }

  private long count(JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT && parser.getLongValue() >= 0) {
      return parser.getLongValue();
    }
    return -1;
  }

  /** Moves to the first element of the top-level {@code requests} array. */
  private boolean findRequests() throws IOException, InvalidInputException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new InvalidInputException(
          file + ": wanted a JSON object with a requests list (the calibration replay layout)");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("requests") && value == JsonToken.START_ARRAY) {
        inRequests = true;
        return true;
      }
      parser.skipChildren();
    }
    throw new InvalidInputException(
        file + ": wanted a top-level requests list (the calibration replay layout); found none");
  }

  /** Returns the requests marked has_error too, flagged, instead of leaving them out. */
  void keepFailed() {
    keepFailed = true;
  }

  @Override
  public String where() {
    return file + ": requests[" + index + "]";
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
    return excluded;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
