package dev.fabricplanner.sim.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.List;

/** Rows of cells as RFC 4180 CSV text (Jackson quotes what needs quoting). */
public final class CsvText {
  private static final CsvMapper MAPPER = new CsvMapper();

  private CsvText() {}

  public static String of(List<List<String>> rows) {
    String[][] cells = rows.stream().map(row -> row.toArray(String[]::new)).toArray(String[][]::new);
    try {
      return MAPPER
          .writerFor(String[][].class)
          .with(CsvSchema.emptySchema().withLineSeparator("\n"))
          .writeValueAsString(cells);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain strings always serialize", e);
    }
  }
}
