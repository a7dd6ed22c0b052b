package dev.fabricplanner.sim.exec;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.json.JsonDocuments;
import dev.fabricplanner.core.json.StrictObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The model catalog (resource {@code models.json}): one entry per served model with the config.json
 * fields it was read from and that file's URL. {@link #find} matches a Hugging Face id, the id
 * without its organisation, or a short alias, case-insensitively; {@link #fromConfigJson} reads a
 * model the catalog lacks from its own config.json.
 */
public final class ModelCatalog {
  private static final String RESOURCE = "models.json";
  private static final ModelCatalog BUILT_IN =
      new ModelCatalog(CatalogResource.entries(RESOURCE, "models", ModelCatalog::readEntry));

  private final List<ModelSpec> models;

  private ModelCatalog(List<ModelSpec> models) {
    this.models = List.copyOf(models);
  }

  public static ModelCatalog builtIn() {
    return BUILT_IN;
  }

  public List<ModelSpec> all() {
    return models;
  }

  public Optional<ModelSpec> lookup(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (ModelSpec model : models) {
      String id = model.name().toLowerCase(Locale.ROOT);
      if (id.equals(wanted) || id.substring(id.indexOf('/') + 1).equals(wanted)) {
        return Optional.of(model);
      }
      for (String alias : model.aliases()) {
        if (alias.toLowerCase(Locale.ROOT).equals(wanted)) {
          return Optional.of(model);
        }
      }
    }
    return Optional.empty();
  }

  /** The model of that id or alias; otherwise one line listing the known names and how to add one. */
  public ModelSpec find(String name) throws InvalidInputException {
    Optional<ModelSpec> model = lookup(name);
    if (model.isEmpty()) {
      List<String> names = new ArrayList<>();
      models.forEach(m -> names.add(m.name()));
      throw new InvalidInputException("unknown model \"" + name + "\"; known: "
          + String.join(", ", names) + "; to add one, point at its Hugging Face config.json"
          + " (a model_config path) or add an entry to the simulator's " + RESOURCE);
    }
    return model.get();
  }

  /**
   * A model read from a Hugging Face config.json; its name is the file's parent folder (as a
   * downloaded snapshot is laid out) unless {@code name} is given.
   */
  public static ModelSpec fromConfigJson(Path file, String name) throws InvalidInputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read the model's config.json: " + e.getMessage());
    }
    StrictObject.Problems problems = new StrictObject.Problems(file.toString());
    StrictObject config = StrictObject.root(JsonDocuments.parse(text, problems), problems);
    ModelSpec model = null;
    if (config != null) {
      Path parent = file.toAbsolutePath().getParent();
      String modelName = name != null ? name
          : parent != null && parent.getFileName() != null ? parent.getFileName().toString()
          : file.toString();
      model = HfModelConfig.read(config, modelName, List.of(), file.toString(), null);
    }
    if (!problems.isEmpty() || model == null) {
      throw new InvalidInputException(problems.isEmpty()
          ? List.of(file + ": not a usable config.json") : problems.lines());
    }
    return model;
  }

  private static ModelSpec readEntry(StrictObject entry) {
    String name = entry.requiredString("name");
    List<String> aliases = CatalogResource.aliases(entry.optionalString("aliases"));
    String url = entry.requiredString("config_url");
    Double weightBytes = entry.optionalDouble("weight_bytes_per_param", 0, true);
    entry.optionalString("note");
    StrictObject config = entry.requiredObject("config");
    entry.rejectUnknownFields();
    if (name == null || url == null || config == null) {
      return null;
    }
    return HfModelConfig.read(config, name, aliases, url, weightBytes);
  }
}
