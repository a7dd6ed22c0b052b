package dev.fabricplanner.core.record;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not records, or not text: one clear line each, in our words rather than Jackson's. */
class RecordFileLimitsTest {
  private final CapabilityRecordReader reader = new CapabilityRecordReader();
  private final String good = new CapabilityRecordWriter().toJson(CapabilityRecordJsonTest.sample());

  @Test
  void aFileLargerThanAnyRecordIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.json");
    byte[] padding = new byte[(int) CapabilityRecordReader.MAX_RECORD_BYTES + 1];
    java.util.Arrays.fill(padding, (byte) ' ');
    Files.write(big, padding);
    assertThatThrownBy(() -> reader.read(big))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(big + ": 16,777,217 bytes is more than the 16 MiB a capability record may be;"
            + " wanted one host's record");
  }

  @Test
  void nanIsNamedAsNotANumberWithoutParserAdvice() {
    String json = good.replace("\"noise_pct\" : 3.0", "\"noise_pct\" : NaN");
    assertThatThrownBy(() -> reader.parse(json, "nan.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageMatching("nan\\.json: line \\d+, column \\d+: not valid JSON \\(NaN and Infinity are"
            + " not JSON numbers; wanted a finite number\\)");
  }

  @Test
  void deepNestingIsOneLine() {
    String json = "{\"schema_version\": 2, \"host\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertThatThrownBy(() -> reader.parse(json, "deep.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("deep.json: nested more than 64 levels deep; wanted the document's own shape (a"
            + " few levels of objects and arrays)");
  }

  @Test
  void utf16AndOtherNonUtf8FilesSayWhatToDo(@TempDir Path dir) throws Exception {
    Path utf16 = dir.resolve("utf16.json");
    Files.write(utf16, good.getBytes(StandardCharsets.UTF_16));
    assertThatThrownBy(() -> reader.read(utf16))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(utf16 + ": UTF-16 text (it starts with a UTF-16 byte-order mark); wanted UTF-8:"
            + " save the file as UTF-8");
    Path noBom = dir.resolve("utf16le.json");
    Files.write(noBom, good.getBytes(StandardCharsets.UTF_16LE));
    assertThatThrownBy(() -> reader.read(noBom))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(noBom + ": looks like UTF-16 or binary (a zero byte at the start); wanted UTF-8"
            + " text: save the file as UTF-8");
    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, good.replace("node-a", "nöde-a").getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> reader.read(latin1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageMatching(".*latin1\\.json: byte \\d+ is not UTF-8; wanted UTF-8 text: save the"
            + " file as UTF-8");
  }

  @Test
  void aUtf8ByteOrderMarkIsAccepted(@TempDir Path dir) throws Exception {
    Path bom = dir.resolve("bom.json");
    byte[] text = good.getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Files.write(bom, withBom);
    org.assertj.core.api.Assertions.assertThat(reader.read(bom)).isEqualTo(CapabilityRecordJsonTest.sample());
  }
}
