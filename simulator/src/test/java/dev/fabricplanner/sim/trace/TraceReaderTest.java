package dev.fabricplanner.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.TimeWindow;
import dev.fabricplanner.sim.config.TraceConfig;
import dev.fabricplanner.sim.config.TraceFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every trace format read from real files: the shared samples and small files written here. */
class TraceReaderTest {
  static final Path AZURE_CODE = SharedData.path("traces/azure-2023/AzureLLMInferenceTrace_code.csv");
  static final Path AZURE_CONV = SharedData.path("traces/azure-2023/AzureLLMInferenceTrace_conv.csv");
  static final Path MOONCAKE = SharedData.path("traces/mooncake/synthetic_trace.jsonl");
  static final Path REPLAY_CODEGEN =
      SharedData.path("vllm-calibration/traces/20260217-155451-llama-2-7b-tp1-codegen.json.gz");
  static final Path REPLAY_REASONING =
      SharedData.path("vllm-calibration/traces/20260217-170634-llama-2-7b-tp1-reasoning.json.gz");

  static TraceConfig config(Path file) {
    return new TraceConfig(
        file.toString(), Optional.empty(), 1, TimeWindow.ALL, Optional.empty(), false, false);
  }

  static TraceConfig config(Path file, TraceFormat format) {
    return config(file).withFormat(format);
  }

  /** Every request as (arrival ms, input, output, hash id count). */
  static List<double[]> readAll(TraceConfig config) throws Exception {
    List<double[]> rows = new ArrayList<>();
    try (TraceReader reader = TraceReader.open(config)) {
      while (reader.next()) {
        long[] ids = reader.hashIds();
        rows.add(new double[] {reader.arrivalMs(), reader.inputTokens(), reader.outputTokens(),
            ids == null ? -1 : ids.length});
      }
    }
    return rows;
  }

  @Test
  void azureSamplesAreReadWholeInTimeOrderFromTheirFirstRequest() throws Exception {
    List<double[]> code = readAll(config(AZURE_CODE));
    assertThat(code).hasSize(8_819);
    // First lines: 18:17:03.9799600,4808,10 then 18:17:04.0319600,3180,8.
    assertThat(code.get(0)).containsExactly(0, 4808, 10, -1);
    assertThat(code.get(1)[0]).isCloseTo(52.0, within(1e-6));
    assertThat(code.get(1)[1]).isEqualTo(3180);
    for (int i = 1; i < code.size(); i++) {
      assertThat(code.get(i)[0]).isGreaterThanOrEqualTo(code.get(i - 1)[0]);
    }
    // The last line's time, counted by java.time from the file's own text.
    String last = lastLine(AZURE_CODE).split(",")[0];
    String first = Files.readAllLines(AZURE_CODE).get(1).split(",")[0];
    assertThat(code.get(code.size() - 1)[0]).isCloseTo(epochMs(last) - epochMs(first), within(1e-3));
    assertThat(readAll(config(AZURE_CONV))).hasSize(19_366);
  }

  private static double epochMs(String text) {
    LocalDateTime time = LocalDateTime.parse(text.substring(0, 19).replace(' ', 'T'));
    double fraction = Double.parseDouble("0" + text.substring(19));
    return time.toEpochSecond(ZoneOffset.UTC) * 1000.0 + fraction * 1000;
  }

  private static String lastLine(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return lines.get(lines.size() - 1);
  }

  @Test
  void civilDaysMatchJavaTime() {
    for (LocalDate day = LocalDate.of(1969, 12, 25); day.isBefore(LocalDate.of(2031, 3, 1));
        day = day.plusDays(7)) {
      assertThat(CsvLayout.daysFromCivil(day.getYear(), day.getMonthValue(), day.getDayOfMonth()))
          .as(day.toString()).isEqualTo(day.toEpochDay());
    }
  }

  @Test
  void mooncakeSampleKeepsItsHashIdsAndMillisecondTimes() throws Exception {
    List<double[]> rows = readAll(config(MOONCAKE));
    assertThat(rows).hasSize(3_993);
    // {"timestamp": 0, "input_length": 40160, "output_length": 6, "hash_ids": [0 .. 78]}
    assertThat(rows.get(0)).containsExactly(0, 40160, 6, 79);
    int consistent = 0;
    for (double[] row : rows) {
      if (row[3] == Math.ceil(row[1] / 512)) {
        consistent++;
      }
    }
    // Each id covers 512 prompt tokens, the last one partly.
    assertThat(consistent).isEqualTo(rows.size());
    String lastText = lastLine(MOONCAKE);
    double lastMs = Double.parseDouble(lastText.replaceAll(".*\"timestamp\": *([0-9.]+).*", "$1"));
    assertThat(rows.get(rows.size() - 1)[0]).isEqualTo(lastMs);
  }

  @Test
  void replayJsonStreamsItsRequestsAndLeavesOutFailedOnes() throws Exception {
    List<double[]> codegen = readAll(config(REPLAY_CODEGEN));
    assertThat(codegen).hasSize(9_000);
    assertThat(codegen.get(0)[0]).isZero();
    assertThat(codegen.get(0)[1]).isEqualTo(591);
    try (TraceReader reader = TraceReader.open(config(REPLAY_REASONING))) {
      assertThat(reader.format()).isEqualTo(TraceFormat.REPLAY);
      int kept = 0;
      double previous = -1;
      while (reader.next()) {
        kept++;
        assertThat(reader.inputTokens()).isPositive();
        assertThat(reader.arrivalMs()).isGreaterThanOrEqualTo(previous);
        previous = reader.arrivalMs();
      }
      // 4,800 requests, 4,068 of them has_error (counted in the file by the README's own numbers).
      assertThat(reader.excluded()).isEqualTo(4_068);
      assertThat(kept).isEqualTo(4_800 - 4_068);
    }
    // Second request of the reasoning run: arrival_time_us 434824.
    assertThat(readAll(config(REPLAY_REASONING)).get(1)[0]).isCloseTo(434.824, within(1e-9));
  }

  @Test
  void burstGptAndBailianFilesInTheirPublishedLayouts(@TempDir Path dir) throws Exception {
    Path burst = dir.resolve("BurstGPT_1.csv");
    Files.writeString(burst, """
        Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type
        5,ChatGPT,472,18,490,Conversation log
        45,ChatGPT,1087,230,1317,Conversation log
        118.5,GPT-4,417,276,693,API log
        120,GPT-4,300,0,300,API log
        """);
    List<double[]> rows = readAll(config(burst));
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0)).containsExactly(0, 472, 18, -1);
    assertThat(rows.get(2)).containsExactly(113_500, 417, 276, -1);
    assertThat(rows.get(3)).containsExactly(115_000, 300, 0, -1);

    // BurstGPT 3 adds Session ID and Elapsed time: columns are found by name.
    Path burst3 = dir.resolve("BurstGPT_3.csv");
    Files.writeString(burst3, """
        Timestamp,Session ID,Elapsed time,Model,Request tokens,Response tokens,Total tokens,Log Type
        10,a1,0.5,ChatGPT,100,20,120,Conversation log
        12,a1,0.7,ChatGPT,150,30,180,Conversation log
        """);
    assertThat(readAll(config(burst3, TraceFormat.BURSTGPT)).get(1)).containsExactly(2000, 150, 30, -1);

    Path bailian = dir.resolve("qwen_traceA_blksz_16.jsonl");
    Files.writeString(bailian, """
        {"chat_id": 0, "parent_chat_id": -1, "timestamp": 0.0, "input_length": 40, "output_length": 7, "type": "text", "turn": 1, "hash_ids": [1, 2, 3]}
        {"chat_id": 1, "parent_chat_id": 0, "timestamp": 1.25, "input_length": 70, "output_length": 9, "type": "text", "turn": 2, "hash_ids": [1, 2, 4, 5, 6]}
        """);
    try (TraceReader reader = TraceReader.open(config(bailian))) {
      assertThat(reader.format()).isEqualTo(TraceFormat.BAILIAN);
      assertThat(reader.blockSize()).isEqualTo(16);
      assertThat(reader.next()).isTrue();
      assertThat(reader.hashIds()).containsExactly(1, 2, 3);
      assertThat(reader.next()).isTrue();
      assertThat(reader.arrivalMs()).isEqualTo(1250);
      assertThat(reader.inputTokens()).isEqualTo(70);
      assertThat(reader.next()).isFalse();
    }
  }

  @Test
  void gzipIsReadLikeThePlainFile(@TempDir Path dir) throws Exception {
    Path zipped = dir.resolve("mooncake.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(zipped))) {
      Files.copy(MOONCAKE, out);
    }
    List<double[]> plain = readAll(config(MOONCAKE));
    List<double[]> unzipped = readAll(config(zipped));
    assertThat(unzipped).hasSameSizeAs(plain);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(unzipped.get(i)).containsExactly(plain.get(i));
    }
  }

  @Test
  void aLineLongerThanTheReadBufferIsReadWhole(@TempDir Path dir) throws Exception {
    // 30,000 ids (~190 KB) on one line: three times the 64 KB read buffer, then a short line.
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      ids.append(i == 0 ? "" : ", ").append(1_000_000 + i);
    }
    Path file = dir.resolve("long.jsonl");
    Files.writeString(file, "{\"timestamp\": 0, \"input_length\": 15360000, \"output_length\": 1,"
        + " \"hash_ids\": [" + ids + "]}\n{\"timestamp\": 1, \"input_length\": 5, \"output_length\": 1,"
        + " \"hash_ids\": [7]}");
    try (TraceReader reader = TraceReader.open(config(file))) {
      assertThat(reader.next()).isTrue();
      long[] read = reader.hashIds();
      assertThat(read).hasSize(30_000);
      assertThat(read[29_999]).isEqualTo(1_029_999);
      // The last line has no newline after it.
      assertThat(reader.next()).isTrue();
      assertThat(reader.hashIds()).containsExactly(7);
      assertThat(reader.next()).isFalse();
    }
  }

  @Test
  void timeWindowAndRateScaleShiftAndCompressArrivals() throws Exception {
    List<double[]> all = readAll(config(MOONCAKE));
    TraceConfig windowed =
        new TraceConfig(MOONCAKE.toString(), Optional.empty(), 4, new TimeWindow(60, 120),
            Optional.empty(), false, false);
    List<double[]> part = readAll(windowed);
    List<double[]> expected = all.stream().filter(r -> r[0] >= 60_000 && r[0] < 120_000).toList();
    assertThat(part).hasSameSizeAs(expected).isNotEmpty();
    for (int i = 0; i < part.size(); i++) {
      assertThat(part.get(i)[0]).isCloseTo((expected.get(i)[0] - 60_000) / 4, within(1e-9));
      assertThat(part.get(i)[1]).isEqualTo(expected.get(i)[1]);
    }
  }

  @Test
  void aBadLineNamesFileLineAndWhatIsWanted(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("azure.csv");
    Files.writeString(csv, """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:15:46.6805900,374,44
        2023-11-16 18:15:50.9951690,three,109
        2023-11-16 18:15:51,10
        2023-11-16 18:15:52.1000000,20,5
        """);
    assertThatThrownBy(() -> readAll(config(csv)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(csv + ":3: ContextTokens: wanted a whole number of tokens >= 0,"
            + " got \"three\"")
        .hasMessageContaining("--skip-bad-lines");
    TraceConfig skipping = new TraceConfig(csv.toString(), Optional.empty(), 1, TimeWindow.ALL,
        Optional.empty(), true, false);
    try (TraceReader reader = TraceReader.open(skipping)) {
      int kept = 0;
      while (reader.next()) {
        kept++;
      }
      assertThat(kept).isEqualTo(2);
      assertThat(reader.badLines()).isEqualTo(2);
      assertThat(reader.firstBadLine()).startsWith(csv + ":3: ContextTokens");
    }

    Path json = dir.resolve("mooncake.jsonl");
    Files.writeString(json, """
        {"timestamp": 0, "input_length": 10, "output_length": 2, "hash_ids": [0]}
        {"timestamp": 5, "input_length": 10, "hash_ids": [0]}
        """);
    assertThatThrownBy(() -> readAll(config(json)))
        .hasMessageStartingWith(json + ":2: output_length: missing");
    // Tabs and a null hash_ids are valid JSON: read, not refused.
    Files.writeString(json, "{\"timestamp\":\t0 ,\"input_length\": 10\t, \"output_length\": 2,"
        + " \"hash_ids\": null}\n{\"timestamp\": 1e3, \"input_length\": 7, \"output_length\": 1,"
        + " \"hash_ids\": [ 4 ,5 ], \"extra\": {\"a\": [1, \"}\"]}}\n");
    List<double[]> rows = readAll(config(json));
    assertThat(rows.get(0)).containsExactly(0, 10, 2, -1);
    assertThat(rows.get(1)).containsExactly(1000, 7, 1, 2);
    Files.writeString(json, """
        {"timestamp": 0, "input_length": 10, "output_length": 2, "hash_ids": [0, "x"]}
        """);
    assertThatThrownBy(() -> readAll(config(json)))
        .hasMessageStartingWith(json + ":1: hash_ids: wanted a list of whole numbers >= 0");
  }

  @Test
  void timestampsGoingBackwardsStopUnlessSortIsAsked(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("backwards.jsonl");
    Files.writeString(json, """
        {"timestamp": 0, "input_length": 10, "output_length": 1}
        {"timestamp": 3000, "input_length": 20, "output_length": 1}
        {"timestamp": 1000, "input_length": 30, "output_length": 1}
        {"timestamp": 1000, "input_length": 40, "output_length": 1}
        """);
    assertThatThrownBy(() -> readAll(config(json, TraceFormat.MOONCAKE)))
        .hasMessageStartingWith(json + ":3: timestamp goes backwards (1.000 s after the first"
            + " request; an earlier line was at 3.000 s)");
    TraceConfig sorting = new TraceConfig(json.toString(), Optional.of(TraceFormat.MOONCAKE), 1,
        TimeWindow.ALL, Optional.empty(), false, true);
    try (TraceReader reader = TraceReader.open(sorting)) {
      List<Long> inputs = new ArrayList<>();
      while (reader.next()) {
        inputs.add(reader.inputTokens());
      }
      // Stable: the two requests at 1 s keep their file order.
      assertThat(inputs).containsExactly(10L, 30L, 40L, 20L);
      assertThat(reader.outOfOrder()).isEqualTo(2);
    }
  }

  @Test
  void anUnknownFormatListsTheKnownOnes(@TempDir Path dir) throws Exception {
    Path odd = dir.resolve("odd.txt");
    Files.writeString(odd, "time;tokens\n1;2\n");
    assertThatThrownBy(() -> TraceReader.open(config(odd)))
        .hasMessage(odd + ": cannot tell the trace format from its first line; name it with"
            + " --trace-format or workload.trace.format (known formats: azure, burstgpt, mooncake,"
            + " bailian, replay)");
    assertThatThrownBy(() -> TraceReader.open(config(dir.resolve("missing.csv"))))
        .hasMessageEndingWith("missing.csv: cannot read the trace: no such file");
    // A CSV read as the wrong format says which header it wanted.
    assertThatThrownBy(() -> readAll(config(AZURE_CODE, TraceFormat.BURSTGPT)))
        .hasMessageStartingWith(AZURE_CODE + ":1: wanted a header naming the columns Timestamp,"
            + " Request tokens and Response tokens");
  }

  @Test
  void aTruncatedGzipIsAnInputErrorNotACrash(@TempDir Path dir) throws Exception {
    byte[] whole = Files.readAllBytes(REPLAY_CODEGEN);
    Path cut = dir.resolve("cut.json.gz");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> readAll(config(cut, TraceFormat.REPLAY)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(cut + ": cannot read the trace");
    // Sanity: the intact file decompresses to the layout the reader expects.
    try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(
        new GZIPInputStream(Files.newInputStream(REPLAY_CODEGEN))))) {
      assertThat(in.read()).isEqualTo('{');
    }
  }
}
