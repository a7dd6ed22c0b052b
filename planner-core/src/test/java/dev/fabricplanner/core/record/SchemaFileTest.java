package dev.fabricplanner.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabricplanner.core.json.JsonDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/schema/capability-record-v2.schema.json true to the writer: every record written (the test
 * sample and every example) satisfies it, checked by a small walker that covers the keywords the
 * schema uses (type object/array, properties, required, additionalProperties (false, or string values), items,
 * enum, const, $ref).
 */
class SchemaFileTest {
  private static final Path SCHEMA = Path.of("..", "docs", "schema", "capability-record-v2.schema.json");

  @Test
  void writtenRecordsSatisfyTheSchema() throws Exception {
    JsonNode schema = JsonDocuments.mapper().readTree(Files.readString(SCHEMA));
    List<String> problems = new ArrayList<>();
    String written = new CapabilityRecordWriter().toJson(CapabilityRecordJsonTest.sample());
    check(schema, schema, JsonDocuments.mapper().readTree(written), "", problems);
    try (Stream<Path> files = Files.list(Path.of("..", "examples", "records"))) {
      for (Path file : files.sorted().toList()) {
        check(schema, schema, JsonDocuments.mapper().readTree(Files.readString(file)),
            file.getFileName() + ":", problems);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void schemaEnumsMatchTheJavaEnums() throws Exception {
    JsonNode defs = JsonDocuments.mapper().readTree(Files.readString(SCHEMA)).get("$defs");
    assertThat(enumValues(defs.get("backend"))).isEqualTo(wires(Backend.values()));
    assertThat(enumValues(defs.get("status"))).isEqualTo(wires(FabricStatus.values()));
    assertThat(enumValues(defs.get("rma"))).isEqualTo(wires(RmaSupport.values()));
    assertThat(enumValues(defs.get("pathClass"))).isEqualTo(wires(PathClass.values()));
    assertThat(enumValues(defs.get("nvmlP2pStatus"))).isEqualTo(wires(NvmlP2pStatus.values()));
    assertThat(enumValues(defs.get("linkLayer"))).isEqualTo(wires(LinkLayer.values()));
    assertThat(enumValues(defs.get("gpuPath"))).isEqualTo(wires(GpuPath.values()));
    assertThat(enumValues(defs.get("shortfallCause"))).isEqualTo(wires(ShortfallCause.values()));
  }

  private static List<String> enumValues(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.get("enum").forEach(v -> {
      if (!v.isNull()) {
        values.add(v.asText());
      }
    });
    return values;
  }

  private static List<String> wires(WireValue[] values) {
    return Arrays.stream(values).map(WireValue::wire).toList();
  }

  private static void check(JsonNode root, JsonNode schema, JsonNode value, String at,
      List<String> problems) {
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asText().substring("#/$defs/".length());
      check(root, root.get("$defs").get(name), value, at, problems);
      return;
    }
    if (schema.has("const") && !schema.get("const").equals(value)) {
      problems.add(at + " wants " + schema.get("const"));
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode allowed : schema.get("enum")) {
        found |= allowed.equals(value);
      }
      if (!found) {
        problems.add(at + " is not in the enum: " + value);
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      if (properties == null && (additional == null || !additional.isObject())) {
        problems.add(at + " is an object the schema does not describe");
        return;
      }
      value.fieldNames().forEachRemaining(name -> {
        if (properties == null || !properties.has(name)) {
          if (additional != null && additional.isObject()) {
            checkType(additional, value.get(name), at + "/" + name, problems);
            return;
          }
          problems.add(at + "/" + name + " is not in the schema");
        } else {
          check(root, properties.get(name), value.get(name), at + "/" + name, problems);
        }
      });
      if (schema.has("required")) {
        schema.get("required").forEach(r -> {
          if (!value.has(r.asText())) {
            problems.add(at + "/" + r.asText() + " is required by the schema but not written");
          }
        });
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        check(root, schema.get("items"), value.get(i), at + "/" + i, problems);
      }
    }
  }

  /** The one use of a schema for free-form names: {"additionalProperties": {"type": "string"}}. */
  private static void checkType(JsonNode schema, JsonNode value, String at, List<String> problems) {
    String type = schema.path("type").asText();
    if (!type.equals("string")) {
      problems.add(at + ": the checker knows only string additionalProperties, got " + schema);
    } else if (!value.isTextual()) {
      problems.add(at + " wants a string, got " + value);
    }
  }
}
