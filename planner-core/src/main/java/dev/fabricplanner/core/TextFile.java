package dev.fabricplanner.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an input file's bytes as UTF-8, strictly, with one clear line when they are not: a file saved
 * as UTF-16 (Windows editors and PowerShell redirection do this) is named as such, not reported as
 * a decoder's exception.
 */
public final class TextFile {
  private TextFile() {}

  /** The text of bytes read from source; a UTF-8 byte-order mark is dropped. */
  public static String utf8(byte[] bytes, String source) throws InvalidInputException {
    refuseOtherEncodings(bytes, source);
    int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      return decoder.decode(in).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(source + ": byte " + in.position() + " is not UTF-8; wanted"
          + " UTF-8 text: save the file as UTF-8");
    }
  }

  /**
   * Refuses bytes that start like UTF-16 or UTF-32 (a byte-order mark, or a zero byte in the first
   * two), which a JSON parser reading bytes would otherwise decode silently.
   */
  public static void refuseOtherEncodings(byte[] bytes, String source) throws InvalidInputException {
    if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE)) {
      throw new InvalidInputException(source + ": UTF-16 text (it starts with a UTF-16 byte-order"
          + " mark); wanted UTF-8: save the file as UTF-8");
    }
    if (bytes.length >= 2 && (bytes[0] == 0 || bytes[1] == 0)) {
      throw new InvalidInputException(source + ": looks like UTF-16 or binary (a zero byte at the"
          + " start); wanted UTF-8 text: save the file as UTF-8");
    }
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
