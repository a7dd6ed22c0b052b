package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.Simulation;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.run.StrategyCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code planner validate --config FILE}: checks a simulation config and names every problem. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a simulation config (ours or an InferMesh mesh-sim one).",
      "Exit 0 and one summary line when valid; otherwise exit 2 and one line per problem: "
          + "file:line:column: field.path: what is wanted."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "The YAML config to check.")
  Path config;

  @Option(
      names = "--strategy-path",
      paramLabel = "JAR",
      split = ":",
      description = "Jars holding user strategies the config names.")
  List<Path> strategyPath;

  @Override
  public Integer call() throws InvalidInputException {
    SimulationConfig loaded = ConfigLoader.load(config);
    // Strategy names and strategy_params are checked by building each strategy once.
    StrategyCheck.resolve(loaded, StrategyClassPath.registry(strategyPath));
    if (loaded.workload().trace().isPresent()) {
      // A configured trace is read through once, so a bad line is found here and not mid-run.
      TraceOptions.describe(loaded, spec.commandLine().getErr(), true);
    }
    // A fleet bound to capability records is bound here as a run would bind it.
    Simulation.checkBinding(loaded);
    spec.commandLine().getOut().println("valid: " + config + " (" + summary(loaded) + ")");
    spec.commandLine().getOut().flush();
    return 0;
  }

  static String summary(SimulationConfig config) {
    int profiles = config.topology().gpuProfiles().size();
    int strategies = config.strategies().size();
    return String.format(
        java.util.Locale.ROOT,
        "%,d nodes in %,d cell%s, %d GPU profile%s, %s s simulated, %d strateg%s",
        config.totalNodes(),
        config.topology().cells(),
        config.topology().cells() == 1 ? "" : "s",
        profiles,
        profiles == 1 ? "" : "s",
        plain(config.durationS()),
        strategies,
        strategies == 1 ? "y" : "ies");
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
