package dev.fabricplanner.cli;

import dev.fabricplanner.core.AtomicFile;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.ConfigWriter;
import dev.fabricplanner.sim.config.ExampleConfigs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code planner generate --example-type TYPE --output FILE}: writes a bundled example config. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes an example simulation config (the same as examples/TYPE.yaml).",
      "An existing FILE is replaced atomically: readers see the old file or the new one."
    })
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-e", "--example-type"},
      defaultValue = "small",
      paramLabel = "TYPE",
      description =
          "small (64 nodes), medium (8,192), large (131,072) or xlarge (1,048,576);"
              + " default ${DEFAULT-VALUE}.")
  String exampleType;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "example.yaml",
      paramLabel = "FILE",
      description = "Where to write it; default ${DEFAULT-VALUE} (as mesh-sim).")
  Path output;

  @Override
  public Integer call() throws InvalidInputException {
    String yaml = ExampleConfigs.forType(exampleType);
    try {
      AtomicFile.writeString(output, yaml);
    } catch (IOException | SecurityException cannotWrite) {
      throw new InvalidInputException(
          output
              + ": cannot write the example: "
              + (cannotWrite.getMessage() == null
                  ? cannotWrite.getClass().getSimpleName()
                  : cannotWrite.getMessage()));
    }
    spec.commandLine().getOut().println("wrote " + output + " (" + exampleType + " example)");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
