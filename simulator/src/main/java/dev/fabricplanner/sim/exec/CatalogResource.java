package dev.fabricplanner.sim.exec;

import dev.fabricplanner.core.json.JsonDocuments;
import dev.fabricplanner.core.json.StrictObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads a catalog that ships in the simulator jar; a problem in one is a bug, not a user's error. */
final class CatalogResource {
  private CatalogResource() {}

  /** Each entry of the resource's {@code arrayField}, read by {@code entry}, in file order. */
  static <T> List<T> entries(String resource, String arrayField, Function<StrictObject, T> entry) {
    String text;
    try (InputStream in = CatalogResource.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the simulator jar");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StrictObject.Problems problems = new StrictObject.Problems(resource);
    StrictObject catalog = StrictObject.root(JsonDocuments.parse(text, problems), problems);
    List<T> entries = new ArrayList<>();
    if (catalog != null) {
      catalog.requiredInt("schema_version", 1, 1);
      catalog.optionalString("about");
      for (StrictObject object : catalog.objectArray(arrayField, true)) {
        T value = entry.apply(object);
        if (value != null) {
          entries.add(value);
        }
      }
      catalog.rejectUnknownFields();
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(problems.toString());
    }
    return List.copyOf(entries);
  }

  /** A comma-separated alias list as names; empty when absent. */
  static List<String> aliases(String commaSeparated) {
    List<String> names = new ArrayList<>();
    if (commaSeparated != null) {
      for (String alias : commaSeparated.split(",")) {
        if (!alias.isBlank()) {
          names.add(alias.trim());
        }
      }
    }
    return names;
  }
}
