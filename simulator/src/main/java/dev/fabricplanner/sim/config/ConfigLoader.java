package dev.fabricplanner.sim.config;

import dev.fabricplanner.core.InvalidInputException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a simulation config from YAML. The file is composed into snakeyaml's node tree (which keeps
 * every value's line and column) and read key by key, so that each problem names {@code
 * file:line:column: field.path: what is wanted}; all problems are reported together.
 */
public final class ConfigLoader {
  /** Configs are small; a bigger file is a mistake (and a guard against alias bombs). */
  private static final int MAX_CHARS = 8 * 1024 * 1024;

  private ConfigLoader() {}

  /** The config in {@code file}, with every default filled in. */
  public static SimulationConfig load(Path file) throws InvalidInputException {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException missing) {
      throw new InvalidInputException(name + ": cannot read the config: no such file");
    } catch (CharacterCodingException notText) {
      throw new InvalidInputException(name + ": cannot read the config: it is not UTF-8 text");
    } catch (IOException unreadable) {
      throw new InvalidInputException(
          name + ": cannot read the config: " + unreadable.getMessage());
    }
    return parse(text, name);
  }

  /** The config in {@code text}; {@code fileName} names it in problem lines. */
  public static SimulationConfig parse(String text, String fileName) throws InvalidInputException {
    if (text.length() > MAX_CHARS) {
      throw new InvalidInputException(
          fileName
              + ": the config is "
              + text.length()
              + " characters; at most "
              + MAX_CHARS
              + " are accepted");
    }
    Node root =
        compose(text, fileName)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        fileName
                            + ": the config is empty; expected a mapping with duration_s, workload"
                            + " and topology"));
    ConfigProblems problems = new ConfigProblems(fileName);
    Optional<YamlMap> map = YamlMap.of(root, "", problems);
    if (map.isEmpty()) {
      problems.throwIfAny();
    }
    if (map.get().has("axes") && (map.get().has("base") || map.get().has("set"))) {
      // A sweep grid given where a config is wanted: say so, not "unknown key" for each of its keys.
      throw new InvalidInputException(fileName + ": a sweep grid (base, set, axes), not a simulation"
          + " config; run it with planner sweep --grid " + fileName + " (--list shows its runs)");
    }
    SimulationConfig config = ConfigReader.read(map.get());
    problems.throwIfAny();
    return config;
  }

  private static Optional<Node> compose(String text, String fileName) throws InvalidInputException {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CHARS);
    options.setAllowRecursiveKeys(false);
    try {
      return Optional.ofNullable(new Yaml(options).compose(new StringReader(text)));
    } catch (MarkedYAMLException syntax) {
      throw new InvalidInputException(syntaxLine(syntax, fileName));
    } catch (YAMLException other) {
      throw new InvalidInputException(fileName + ": YAML syntax: " + oneLine(other.getMessage()));
    }
  }

  /** {@code file:line:column: YAML syntax: <context>: <problem>} on one line. */
  private static String syntaxLine(MarkedYAMLException syntax, String fileName) {
    Mark mark = syntax.getProblemMark() != null ? syntax.getProblemMark() : syntax.getContextMark();
    String where =
        mark == null
            ? fileName
            : fileName + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    String context = syntax.getContext() == null ? "" : oneLine(syntax.getContext()) + ": ";
    String problem = syntax.getProblem() == null ? "unreadable YAML" : oneLine(syntax.getProblem());
    return where + ": YAML syntax: " + context + problem;
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*\\n\\s*", " ").trim();
  }
}
