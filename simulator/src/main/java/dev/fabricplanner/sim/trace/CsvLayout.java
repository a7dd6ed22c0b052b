package dev.fabricplanner.sim.trace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CSV trace whose header names its columns: Azure's {@code TIMESTAMP,ContextTokens,GeneratedTokens}
 * (a date and time) and BurstGPT's {@code Timestamp,Model,Request tokens,Response tokens,Total
 * tokens,Log Type} (seconds; BurstGPT 3 adds {@code Session ID} and {@code Elapsed time}). Columns are
 * found by name, so extra or reordered columns are fine. Fields are not quoted in either format.
 */
final class CsvLayout implements LineFormat {
  private final String timeColumn;
  private final String inputColumn;
  private final String outputColumn;
  private final boolean dateTime;
  private int columns;
  private int time = -1;
  private int input = -1;
  private int output = -1;
  private final int[] starts = new int[64];
  private final int[] ends = new int[64];

  private CsvLayout(String timeColumn, String inputColumn, String outputColumn, boolean dateTime) {
    this.timeColumn = timeColumn;
    this.inputColumn = inputColumn;
    this.outputColumn = outputColumn;
    this.dateTime = dateTime;
  }

  static CsvLayout azure() {
    return new CsvLayout("TIMESTAMP", "ContextTokens", "GeneratedTokens", true);
  }

  static CsvLayout burstGpt() {
    return new CsvLayout("Timestamp", "Request tokens", "Response tokens", false);
  }

  @Override
  public boolean hasHeader() {
    return true;
  }

  @Override
  public void header(byte[] b, int from, int to) throws LineProblem {
    String line = new String(b, from, to - from, StandardCharsets.UTF_8);
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    List<String> names = new ArrayList<>();
    for (String name : line.split(",", -1)) {
      names.add(name.trim().toLowerCase(Locale.ROOT));
    }
    columns = names.size();
    time = names.indexOf(timeColumn.toLowerCase(Locale.ROOT));
    input = names.indexOf(inputColumn.toLowerCase(Locale.ROOT));
    output = names.indexOf(outputColumn.toLowerCase(Locale.ROOT));
    if (time < 0 || input < 0 || output < 0 || columns > starts.length) {
      throw new LineProblem(
          "wanted a header naming the columns " + timeColumn + ", " + inputColumn + " and "
              + outputColumn + "; got \"" + AsciiNumbers.text(b, from, to) + "\"");
    }
  }

  @Override
  public void parse(byte[] b, int from, int to, ParsedRequest out) throws LineProblem {
    int field = 0;
    int fieldStart = from;
    for (int i = from; i <= to; i++) {
      if (i == to || b[i] == ',') {
        if (field < starts.length) {
          starts[field] = fieldStart;
          ends[field] = i;
        }
        field++;
        fieldStart = i + 1;
      }
    }
    if (field != columns) {
      throw new LineProblem(
          "wanted " + columns + " comma-separated fields as the header names, got " + field);
    }
    out.timeMs = dateTime ? dateTimeMs(b, starts[time], ends[time]) : secondsMs(b);
    out.inputTokens = count(b, input, inputColumn);
    out.outputTokens = count(b, output, outputColumn);
  }

  private double secondsMs(byte[] b) throws LineProblem {
    double seconds = AsciiNumbers.decimal(b, starts[time], ends[time]);
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new LineProblem(
          timeColumn + ": wanted seconds >= 0, got \""
              + AsciiNumbers.text(b, starts[time], ends[time]) + "\"");
    }
    return seconds * 1000;
  }

  private long count(byte[] b, int column, String name) throws LineProblem {
    long value = AsciiNumbers.nonNegativeLong(b, starts[column], ends[column]);
    if (value < 0) {
      // Some exports write counts as 12.0; accept whole numbers written so.
      double number = AsciiNumbers.decimal(b, starts[column], ends[column]);
      if (number >= 0 && number == Math.rint(number) && number < 1e15) {
        return (long) number;
      }
      throw new LineProblem(
          name + ": wanted a whole number of tokens >= 0, got \""
              + AsciiNumbers.text(b, starts[column], ends[column]) + "\"");
    }
    return value;
  }

  /**
   * {@code YYYY-MM-DD HH:MM:SS[.fraction][Z|+HH:MM|-HH:MM]} (a {@code T} may separate date and
   * time) as ms since 1970-01-01 UTC.
   */
  private double dateTimeMs(byte[] b, int from, int to) throws LineProblem {
    int n = to - from;
    if (n < 19 || b[from + 4] != '-' || b[from + 7] != '-'
        || (b[from + 10] != ' ' && b[from + 10] != 'T') || b[from + 13] != ':'
        || b[from + 16] != ':') {
      throw badTime(b, from, to);
    }
    long year = AsciiNumbers.nonNegativeLong(b, from, from + 4);
    long month = AsciiNumbers.nonNegativeLong(b, from + 5, from + 7);
    long day = AsciiNumbers.nonNegativeLong(b, from + 8, from + 10);
    long hour = AsciiNumbers.nonNegativeLong(b, from + 11, from + 13);
    long minute = AsciiNumbers.nonNegativeLong(b, from + 14, from + 16);
    long second = AsciiNumbers.nonNegativeLong(b, from + 17, from + 19);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 60) {
      throw badTime(b, from, to);
    }
    int i = from + 19;
    double fraction = 0;
    if (i < to && b[i] == '.') {
      int digitsStart = ++i;
      double scale = 0.1;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        fraction += (b[i] - '0') * scale;
        scale /= 10;
        i++;
      }
      if (i == digitsStart) {
        throw badTime(b, from, to);
      }
    }
    long offsetMinutes = 0;
    if (i < to) {
      if (b[i] == 'Z' && i + 1 == to) {
        i++;
      } else if ((b[i] == '+' || b[i] == '-') && to - i == 6 && b[i + 3] == ':') {
        long hours = AsciiNumbers.nonNegativeLong(b, i + 1, i + 3);
        long minutes = AsciiNumbers.nonNegativeLong(b, i + 4, i + 6);
        if (hours < 0 || minutes < 0) {
          throw badTime(b, from, to);
        }
        offsetMinutes = (b[i] == '-' ? -1 : 1) * (hours * 60 + minutes);
        i = to;
      } else {
        throw badTime(b, from, to);
      }
    }
    long days = daysFromCivil(year, month, day);
    long seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
    return seconds * 1000.0 + fraction * 1000.0;
  }

  private LineProblem badTime(byte[] b, int from, int to) {
    return new LineProblem(
        timeColumn + ": wanted a date and time like 2023-11-16 18:17:03.9799600, got \""
            + AsciiNumbers.text(b, from, to) + "\"");
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
  static long daysFromCivil(long year, long month, long day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
