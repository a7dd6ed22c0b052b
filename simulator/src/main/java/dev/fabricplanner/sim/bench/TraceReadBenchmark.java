package dev.fabricplanner.sim.bench;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.TimeWindow;
import dev.fabricplanner.sim.config.TraceConfig;
import dev.fabricplanner.sim.config.TraceFormat;
import dev.fabricplanner.sim.trace.TraceReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Reads trace files through {@link TraceReader} and prints lines per second (best of several
 * passes). With no arguments it writes three synthetic traces in the published layouts to a
 * temporary folder (Azure CSV, BurstGPT CSV, Mooncake JSON lines with real-sized hash_ids lists)
 * and reads those; with arguments it reads the files given (format told from each), each pass
 * reading each file {@code --repeat N} times (default 1), for files too small to time alone, such as
 * the shared Mooncake sample. Run: {@code java -cp cli/target/fabric-planner.jar
 * dev.fabricplanner.sim.bench.TraceReadBenchmark [--repeat N] [FILE...]}.
 */
public final class TraceReadBenchmark {
  private static final int PASSES = 5;

  private TraceReadBenchmark() {}

  public static void main(String[] args) throws IOException, InvalidInputException {
    int repeat = 1;
    int first = 0;
    if (args.length > 0 && args[0].equals("--repeat")) {
      if (args.length < 2 || !args[1].matches("[1-9][0-9]{0,5}")) {
        System.err.println("error: --repeat needs a whole number from 1 to 999999, got "
            + (args.length < 2 ? "nothing" : "\"" + args[1] + "\""));
        System.exit(2);
      }
      repeat = Integer.parseInt(args[1]);
      first = 2;
    }
    if (args.length > first) {
      try {
        for (int i = first; i < args.length; i++) {
          measure(Path.of(args[i]), Optional.empty(), repeat);
        }
      } catch (InvalidInputException e) {
        System.err.println("error: " + e.getMessage());
        System.exit(2);
      }
      return;
    }
    Path dir = Files.createTempDirectory("trace-bench");
    try {
      measure(azure(dir.resolve("azure.csv"), 2_000_000), Optional.of(TraceFormat.AZURE), 1);
      measure(burstGpt(dir.resolve("burstgpt.csv"), 2_000_000), Optional.of(TraceFormat.BURSTGPT), 1);
      measure(mooncake(dir.resolve("mooncake.jsonl"), 500_000), Optional.of(TraceFormat.MOONCAKE), 1);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }

  private static void measure(Path file, Optional<TraceFormat> format, int repeat)
      throws IOException, InvalidInputException {
    TraceConfig config =
        new TraceConfig(file.toString(), format, 1, TimeWindow.ALL, Optional.empty(), false, false);
    double best = Double.MAX_VALUE;
    long lines = 0;
    long checksum = 0;
    String name = "?";
    for (int pass = 0; pass < PASSES; pass++) {
      long start = System.nanoTime();
      lines = 0;
      for (int r = 0; r < repeat; r++) {
        try (TraceReader reader = TraceReader.open(config)) {
          name = reader.format().configName();
          while (reader.next()) {
            lines++;
            checksum += reader.inputTokens();
          }
        }
      }
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    double megabytes = Files.size(file) / 1e6 * repeat;
    System.out.printf(Locale.ROOT,
        "%-9s %s%s: %,d lines, %.1f MB; best of %d: %.3f s = %,.0f lines/s, %.0f MB/s (checksum %d)%n",
        name, file.getFileName(), repeat > 1 ? " x" + repeat : "", lines, megabytes, PASSES, best,
        lines / best, megabytes / best, checksum);
  }

  private static Path azure(Path file, int lines) throws IOException {
    SplittableRandom random = new SplittableRandom(1);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      out.write("TIMESTAMP,ContextTokens,GeneratedTokens\n");
      long micros = 0;
      for (int i = 0; i < lines; i++) {
        micros += random.nextInt(1, 4000);
        long seconds = micros / 1_000_000;
        out.write(String.format(Locale.ROOT, "2023-11-16 %02d:%02d:%02d.%07d,%d,%d%n",
            18 + seconds / 3600 % 6, seconds / 60 % 60, seconds % 60, (micros % 1_000_000) * 10,
            random.nextInt(1, 8000), random.nextInt(1, 900)));
      }
    }
    return file;
  }

  private static Path burstGpt(Path file, int lines) throws IOException {
    SplittableRandom random = new SplittableRandom(2);
    List<String> models = List.of("ChatGPT", "GPT-4");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      out.write("Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n");
      long seconds = 0;
      for (int i = 0; i < lines; i++) {
        seconds += random.nextInt(0, 3);
        int in = random.nextInt(1, 3000);
        int outTokens = random.nextInt(0, 800);
        out.write(seconds + "," + models.get(i & 1) + "," + in + "," + outTokens + ","
            + (in + outTokens) + ",Conversation log\n");
      }
    }
    return file;
  }

  private static Path mooncake(Path file, int lines) throws IOException {
    SplittableRandom random = new SplittableRandom(3);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      long ms = 0;
      long nextId = 0;
      StringBuilder line = new StringBuilder(1024);
      for (int i = 0; i < lines; i++) {
        ms += random.nextInt(0, 60);
        // The Mooncake sample's prompts average about 15,000 tokens: ~30 ids of 512 tokens.
        int input = random.nextInt(512, 30_000);
        int ids = (input + 511) / 512;
        line.setLength(0);
        line.append("{\"timestamp\": ").append(ms).append(", \"input_length\": ").append(input)
            .append(", \"output_length\": ").append(random.nextInt(1, 500))
            .append(", \"hash_ids\": [");
        long shared = random.nextInt(0, 50);
        for (int k = 0; k < ids; k++) {
          line.append(k == 0 ? "" : ", ").append(k < ids / 2 ? shared * 100 + k : nextId++);
        }
        out.append(line).append("]}\n");
      }
    }
    return file;
  }
}
