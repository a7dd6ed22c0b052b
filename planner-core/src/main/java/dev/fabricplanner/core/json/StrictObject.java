package dev.fabricplanner.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the fields of one JSON object strictly: each field is asked for once, with its type and range,
 * and anything wrong becomes one problem line "{@code source: /json/pointer: wanted ..., got ...}".
 * Fields nobody asked for are reported by {@link #rejectUnknownFields()}, so a typo never passes silently.
 * A getter returns null (or a neutral value) after recording a problem, so that reading carries on and
 * every problem of a file is reported at once.
 */
public final class StrictObject {
  private final JsonNode node;
  private final String pointer;
  private final Problems problems;
  // Objects have a dozen fields at most: a list scanned in order is cheaper than a hash set when a
  // folder of 10,000 records is read.
  private final List<String> asked = new ArrayList<>(12);

  /**
   * Each enum type's constants by their JSON spelling, built on first use. An enum has one spelling
   * (its {@code wire()}), so the function given with the first lookup stands for the type.
   */
  private static final java.util.concurrent.ConcurrentMap<Class<?>, Map<String, ?>> WIRE_NAMES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private StrictObject(JsonNode node, String pointer, Problems problems) {
    this.node = node;
    this.pointer = pointer;
    this.problems = problems;
  }

  /** The object at the root of a document; null (with a problem) when the root is not an object. */
  public static StrictObject root(JsonNode node, Problems problems) {
    return of(node, "", problems);
  }

  private static StrictObject of(JsonNode node, String pointer, Problems problems) {
    if (node == null || !node.isObject()) {
      problems.add(pointer.isEmpty() ? "/" : pointer, "wanted a JSON object, got " + describe(node));
      return null;
    }
    return new StrictObject(node, pointer, problems);
  }

  public String pointer() {
    return pointer;
  }

  public Problems problems() {
    return problems;
  }

  /** True when the field is present and not null. */
  public boolean has(String name) {
    JsonNode value = node.get(name);
    return value != null && !value.isNull();
  }

  /** True when the field is present and an empty array. */
  public boolean isEmptyArray(String name) {
    JsonNode value = node.get(name);
    return value != null && value.isArray() && value.isEmpty();
  }

  public String requiredString(String name) {
    JsonNode value = field(name, true);
    if (value == null) {
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      problems.add(at(name), "wanted a non-empty string, got " + describe(value));
      return null;
    }
    return value.asText();
  }

  public String optionalString(String name) {
    JsonNode value = field(name, false);
    if (value == null) {
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      problems.add(at(name), "wanted a non-empty string or null, got " + describe(value));
      return null;
    }
    return value.asText();
  }

  public Integer requiredInt(String name, int min, int max) {
    return intField(name, min, max, true);
  }

  public Integer optionalInt(String name, int min, int max) {
    return intField(name, min, max, false);
  }

  private Integer intField(String name, int min, int max, boolean required) {
    JsonNode value = field(name, required);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min
        || value.asInt() > max) {
      problems.add(at(name), "wanted a whole number from " + min + " to " + max + ", got "
          + describe(value));
      return null;
    }
    return value.asInt();
  }

  public Long requiredLong(String name, long min) {
    return longField(name, min, true);
  }

  public Long optionalLong(String name, long min) {
    return longField(name, min, false);
  }

  private Long longField(String name, long min, boolean required) {
    JsonNode value = field(name, required);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min) {
      problems.add(at(name), "wanted a whole number >= " + min + ", got " + describe(value));
      return null;
    }
    return value.asLong();
  }

  /** A finite number >= min (or > min when exclusive). */
  public Double requiredDouble(String name, double min, boolean exclusive) {
    return doubleField(name, min, exclusive, true);
  }

  public Double optionalDouble(String name, double min, boolean exclusive) {
    return doubleField(name, min, exclusive, false);
  }

  private Double doubleField(String name, double min, boolean exclusive, boolean required) {
    JsonNode value = field(name, required);
    if (value == null) {
      return null;
    }
    double number = value.asDouble();
    boolean inRange = exclusive ? number > min : number >= min;
    if (!value.isNumber() || !Double.isFinite(number) || !inRange) {
      problems.add(at(name), "wanted a number " + (exclusive ? "> " : ">= ") + plain(min)
          + ", got " + describe(value));
      return null;
    }
    return number;
  }

  public Boolean requiredBoolean(String name) {
    return booleanField(name, true);
  }

  public Boolean optionalBoolean(String name) {
    return booleanField(name, false);
  }

  private Boolean booleanField(String name, boolean required) {
    JsonNode value = field(name, required);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      problems.add(at(name), "wanted true or false, got " + describe(value));
      return null;
    }
    return value.asBoolean();
  }

  /** An ISO-8601 instant such as 2026-11-22T10:15:30Z. */
  public Instant requiredInstant(String name) {
    JsonNode value = field(name, true);
    if (value == null) {
      return null;
    }
    try {
      if (value.isTextual()) {
        return Instant.parse(value.asText());
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    problems.add(at(name), "wanted an ISO-8601 UTC time like \"2026-11-22T10:15:30Z\", got "
        + describe(value));
    return null;
  }

  public <E extends Enum<E>> E requiredEnum(String name, Class<E> type, Function<E, String> wire) {
    return enumField(name, type, wire, true);
  }

  public <E extends Enum<E>> E optionalEnum(String name, Class<E> type, Function<E, String> wire) {
    return enumField(name, type, wire, false);
  }

  private <E extends Enum<E>> E enumField(
      String name, Class<E> type, Function<E, String> wire, boolean required) {
    JsonNode value = field(name, required);
    if (value == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, E> byWire = (Map<String, E>) WIRE_NAMES.get(type);
    if (byWire == null) {
      Map<String, E> names = new LinkedHashMap<>();
      for (E constant : type.getEnumConstants()) {
        names.put(wire.apply(constant), constant);
      }
      byWire = Map.copyOf(names);
      WIRE_NAMES.putIfAbsent(type, byWire);
    }
    E found = value.isTextual() ? byWire.get(value.asText()) : null;
    if (found != null) {
      return found;
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      allowed.add(wire.apply(constant));
    }
    problems.add(at(name), "wanted one of " + String.join(", ", allowed) + ", got "
        + describe(value));
    return null;
  }

  public StrictObject requiredObject(String name) {
    JsonNode value = field(name, true);
    return value == null ? null : of(value, at(name), problems);
  }

  public StrictObject optionalObject(String name) {
    JsonNode value = field(name, false);
    return value == null ? null : of(value, at(name), problems);
  }

  /**
   * An object of string values, in its order; empty when absent, null (with a problem reported)
   * when it is not an object or a value is not a string.
   */
  public Map<String, String> optionalStringMap(String name) {
    JsonNode value = field(name, false);
    Map<String, String> map = new LinkedHashMap<>();
    if (value == null) {
      return map;
    }
    if (!value.isObject()) {
      problems.add(at(name), "wanted an object of strings, got " + describe(value));
      return null;
    }
    boolean ok = true;
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      if (!entry.getValue().isTextual()) {
        problems.add(at(name) + "/" + escape(entry.getKey()),
            "wanted a string, got " + describe(entry.getValue()));
        ok = false;
      } else {
        map.put(entry.getKey(), entry.getValue().asText());
      }
    }
    return ok ? map : null;
  }

  /**
   * The elements of an array of objects; a missing optional array is empty. Elements that are not
   * objects are reported and left out.
   */
  public List<StrictObject> objectArray(String name, boolean required) {
    JsonNode value = field(name, required);
    List<StrictObject> elements = new ArrayList<>();
    if (value == null) {
      return elements;
    }
    if (!value.isArray()) {
      problems.add(at(name), "wanted an array, got " + describe(value));
      return elements;
    }
    for (int i = 0; i < value.size(); i++) {
      StrictObject element = of(value.get(i), at(name) + "/" + i, problems);
      if (element != null) {
        elements.add(element);
      }
    }
    return elements;
  }

  /** Reports every field present in the object that no getter asked for. */
  public void rejectUnknownFields() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!asked.contains(name)) {
        problems.add(at(name), "unknown field; wanted one of " + String.join(", ", asked));
      }
    }
  }

  /** Records a problem about a field of this object (a rule across fields). */
  public void problem(String name, String wanted) {
    problems.add(name != null ? at(name) : pointer.isEmpty() ? "/" : pointer, wanted);
  }

  private JsonNode field(String name, boolean required) {
    if (!asked.contains(name)) {
      asked.add(name);
    }
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(at(name), "missing; a value is required");
      }
      return null;
    }
    return value;
  }

  private String at(String name) {
    return pointer + "/" + escape(name);
  }

  /** A name as one JSON pointer token (RFC 6901). */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isNull()) {
      return "null";
    }
    if (value.isObject()) {
      return "an object";
    }
    if (value.isArray()) {
      return "an array";
    }
    String text = value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  private static String plain(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
  }

  /** The problems found in one source (a file), each one line naming the source and the pointer. */
  public static final class Problems {
    private final String source;
    private final List<String> lines = new ArrayList<>();

    public Problems(String source) {
      this.source = source;
    }

    public void add(String pointer, String wanted) {
      lines.add(source + ": " + pointer + ": " + wanted);
    }

    /** A problem about the whole source (not valid JSON, unreadable). */
    public void addWhole(String what) {
      lines.add(source + ": " + what);
    }

    public boolean isEmpty() {
      return lines.isEmpty();
    }

    public List<String> lines() {
      return List.copyOf(lines);
    }

    @Override
    public String toString() {
      return String.join("\n", lines);
    }
  }
}
