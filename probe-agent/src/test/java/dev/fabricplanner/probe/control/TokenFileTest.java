package dev.fabricplanner.probe.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens travel in owner-only files or on stdin, never on the command line. */
class TokenFileTest {
  private static final InviteToken TOKEN = new InviteToken(
      "10.0.0.7", 7447, ProbeIdentity.generate().fingerprint(), InviteSecret.random(), InviteToken.VERSION);

  @Test
  void aWrittenTokenIsOwnerOnlyAndReadsBackFromTheFileOrFromStdin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub").resolve("srv.token");
    TokenFile.write(file, TOKEN.encode());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (var left = Files.list(file.getParent())) {
      assertThat(left).containsExactly(file); // no temporary file beside it
    }
    assertThat(TokenFile.read(file.toString(), InputStream.nullInputStream())).isEqualTo(TOKEN);
    InputStream stdin = new ByteArrayInputStream((TOKEN.encode() + "\nanything after\n").getBytes(StandardCharsets.US_ASCII));
    assertThat(TokenFile.read("-", stdin)).isEqualTo(TOKEN);
  }

  @Test
  void emptyOrOversizedInputIsOneClearLine() {
    assertThatThrownBy(() -> TokenFile.read("-", InputStream.nullInputStream()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("--join: standard input holds no token");
    assertThatThrownBy(() -> TokenFile.read("-", new ByteArrayInputStream(new byte[5000])))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("--join: the token is over 4096 bytes; want the text `probe-agent serve` printed");
  }
}
