package dev.fabricplanner.sim.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.fabricplanner.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a calibration run measured per request: {@code <run>_ground_truth.json.gz} beside its replay
 * trace, a list in the trace's request order of {@code index}, {@code has_error}, {@code e2e_s} and
 * {@code ttft_s}. Read with a streaming parser; the list is kept (a run has at most tens of thousands).
 */
public final class MeasuredRequests {
  /**
   * One request as measured.
   *
   * @param index position in the run's {@code requests[]}
   * @param failed the client's {@code has_error}
   * @param e2eMs end-to-end latency in ms (NaN when not measured)
   * @param ttftMs time to first token in ms (NaN when not measured)
   */
  public record Measured(int index, boolean failed, double e2eMs, double ttftMs) {}

  private MeasuredRequests() {}

  public static List<Measured> read(Path file) throws InvalidInputException {
    String name = file.toString();
    List<Measured> all = new ArrayList<>();
    try (InputStream in = TraceFiles.open(file);
        JsonParser parser = new JsonFactory().createParser(in)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new InvalidInputException(
            name + ": wanted a list of {index, has_error, e2e_s, ttft_s} (a ground-truth file)");
      }
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        int index = -1;
        boolean failed = false;
        double e2e = Double.NaN;
        double ttft = Double.NaN;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          switch (field) {
            case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
            case "has_error" -> failed = value == JsonToken.VALUE_TRUE;
            case "e2e_s" -> e2e = value.isNumeric() ? parser.getDoubleValue() * 1000 : Double.NaN;
            case "ttft_s" -> ttft = value.isNumeric() ? parser.getDoubleValue() * 1000 : Double.NaN;
            default -> parser.skipChildren();
          }
        }
        if (index != all.size()) {
          throw new InvalidInputException(
              name + ": [" + all.size() + "]: index: wanted " + all.size()
                  + " (entries follow the trace's request order), got " + index);
        }
        all.add(new Measured(index, failed, e2e, ttft));
      }
      return all;
    } catch (JsonProcessingException malformed) {
      JsonLocation at = malformed.getLocation();
      throw new InvalidInputException(
          name + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
              + ": malformed JSON: " + malformed.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException unreadable) {
      throw new InvalidInputException(name + ": cannot read: " + unreadable.getMessage());
    }
  }
}
