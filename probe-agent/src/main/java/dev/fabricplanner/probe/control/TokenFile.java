package dev.fabricplanner.probe.control;

import dev.fabricplanner.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where an invite token travels instead of the command line, which every user of the host can read in
 * {@code ps}: a file only its owner may read, or standard input.
 */
public final class TokenFile {
  /** The {@code --join} value that means "read the token from standard input". */
  public static final String STDIN = "-";

  private static final int MAX_BYTES = 4096; // a token is about 250 bytes

  private TokenFile() {}

  /** Writes the token owner-only (0600) through a temporary file and a move, so a reader never sees half. */
  public static void write(Path file, String token) throws IOException {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(temp, token + "\n", StandardCharsets.US_ASCII);
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (UnsupportedOperationException e) {
      throw new IOException("this file system cannot make an owner-only file", e);
    }
  }

  /**
   * Reads the token {@code --join} names: a file, or {@code -} for standard input. A value that is
   * neither (a token pasted on the command line) is refused with the reason, not used.
   */
  public static InviteToken read(String joinValue, InputStream stdin) throws InvalidInputException {
    String text;
    if (STDIN.equals(joinValue)) {
      text = firstLine(stdin);
    } else {
      Path file = Path.of(joinValue);
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException(
            "--join: '" + abbreviate(joinValue) + "' is not a file; give the token in a file (--join FILE) or on "
                + "stdin (--join -), never on the command line, where ps shows it to every user");
      }
      try (InputStream in = Files.newInputStream(file)) {
        text = firstLine(in);
      } catch (IOException e) {
        throw new InvalidInputException("--join: cannot read " + file + ": " + e.getMessage());
      }
    }
    if (text.isBlank()) {
      throw new InvalidInputException(
          "--join: " + (STDIN.equals(joinValue) ? "standard input" : joinValue) + " holds no token");
    }
    return InviteToken.decode(text);
  }

  private static String firstLine(InputStream in) throws InvalidInputException {
    try {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new InvalidInputException("--join: the token is over " + MAX_BYTES + " bytes; want the text `probe-agent serve` printed");
      }
      String text = new String(bytes, StandardCharsets.US_ASCII).strip();
      int newline = text.indexOf('\n');
      return newline < 0 ? text : text.substring(0, newline).strip();
    } catch (IOException e) {
      throw new InvalidInputException("--join: cannot read the token: " + e.getMessage());
    }
  }

  /** Never echo a whole secret back into a terminal or log. */
  private static String abbreviate(String value) {
    return value.length() <= 12 ? value : value.substring(0, 8) + "…";
  }
}
