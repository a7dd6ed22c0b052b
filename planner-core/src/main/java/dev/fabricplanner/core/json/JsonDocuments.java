package dev.fabricplanner.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parses and prints JSON documents the same way everywhere: duplicate keys and trailing garbage are
 * errors, output is 2-space indented with a final newline so files diff cleanly.
 */
public final class JsonDocuments {
  /**
   * Deepest nesting a document may have. Our files nest at most 6 levels; a limit far below Jackson's
   * 1000 turns a hostile or broken file into one clear line.
   */
  public static final int MAX_NESTING_DEPTH = 64;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH).build())
              .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private JsonDocuments() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The document's root, or null after adding one problem line naming the line and column. */
  public static JsonNode parse(String text, StrictObject.Problems problems) {
    try {
      JsonNode root = MAPPER.readTree(text);
      if (root == null || root.isMissingNode()) {
        problems.addWhole("empty file; wanted a JSON object");
        return null;
      }
      return root;
    } catch (StreamConstraintsException e) {
      problems.addWhole("nested more than " + MAX_NESTING_DEPTH + " levels deep; wanted the"
          + " document's own shape (a few levels of objects and arrays)");
      return null;
    } catch (JsonProcessingException e) {
      problems.addWhole(where(e) + "not valid JSON (" + plain(e.getOriginalMessage()) + ")");
      return null;
    }
  }

  /** Jackson's message without its advice to enable parser features, which we never do. */
  static String plain(String message) {
    if (message == null) {
      return "unreadable";
    }
    if (message.startsWith("Non-standard token")) {
      return "NaN and Infinity are not JSON numbers; wanted a finite number";
    }
    String firstLine = message.lines().findFirst().orElse(message);
    int advice = firstLine.indexOf(": enable `");
    if (advice < 0) {
      advice = firstLine.indexOf(" (enable `");
    }
    return advice < 0 ? firstLine : firstLine.substring(0, advice);
  }

  /**
   * The root of a document read from UTF-8 bytes (parsed without first copying them into a String:
   * half the cost of reading a large folder of records), or null after adding one problem line.
   * Callers reject other encodings first; bytes that are not valid UTF-8 give a null root and
   * {@code badUtf8[0] = true}, so the caller can say where.
   */
  public static JsonNode parseUtf8(byte[] bytes, StrictObject.Problems problems, boolean[] badUtf8) {
    try {
      JsonNode root = MAPPER.readTree(bytes);
      if (root == null || root.isMissingNode()) {
        problems.addWhole("empty file; wanted a JSON object");
        return null;
      }
      return root;
    } catch (StreamConstraintsException e) {
      problems.addWhole("nested more than " + MAX_NESTING_DEPTH + " levels deep; wanted the"
          + " document's own shape (a few levels of objects and arrays)");
      return null;
    } catch (JsonProcessingException e) {
      if (String.valueOf(e.getOriginalMessage()).contains("Invalid UTF-8")) {
        badUtf8[0] = true;
        return null;
      }
      problems.addWhole(where(e) + "not valid JSON (" + plain(e.getOriginalMessage()) + ")");
      return null;
    } catch (java.io.IOException e) {
      // CharConversionException: invalid UTF-8 found by the byte decoder.
      badUtf8[0] = true;
      return null;
    }
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
  }

  /** Pretty JSON text with 2-space indentation and a trailing newline. */
  public static String print(JsonNode node) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be printed", e);
    }
  }
}
