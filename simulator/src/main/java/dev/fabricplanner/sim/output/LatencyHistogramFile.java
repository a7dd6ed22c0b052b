package dev.fabricplanner.sim.output;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * {@code <strategy>/latency.hdr}: a run's end-to-end latency histograms (µs), one line per request type,
 * {@code <type> <base64>}, the base64 being HdrHistogram's own compressed encoding. It keeps the whole
 * distribution in a few kB, so {@code planner compare} draws exact CDFs from saved runs.
 */
public final class LatencyHistogramFile {
  private LatencyHistogramFile() {}

  public static String render(Map<String, Histogram> byType) {
    StringBuilder text = new StringBuilder();
    byType.forEach(
        (type, histogram) -> {
          ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
          int length = histogram.encodeIntoCompressedByteBuffer(buffer);
          text.append(type)
              .append(' ')
              .append(Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)))
              .append('\n');
        });
    return text.toString();
  }

  /**
   * The histograms in {@code text}, by type, in file order.
   *
   * @throws IllegalArgumentException naming the line that is not {@code <type> <base64 histogram>}
   */
  public static Map<String, Histogram> parse(String text) {
    Map<String, Histogram> byType = new LinkedHashMap<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split(" ");
      try {
        if (parts.length != 2) {
          throw new IllegalArgumentException("wanted \"<type> <base64 histogram>\"");
        }
        byte[] bytes = Base64.getDecoder().decode(parts[1]);
        byType.put(parts[0], Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
      } catch (IllegalArgumentException | DataFormatException | java.nio.BufferUnderflowException e) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": not a \"<type> <base64 HdrHistogram>\" line (" + e.getMessage() + ")");
      }
    }
    return byType;
  }
}
