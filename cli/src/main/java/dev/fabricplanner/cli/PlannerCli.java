package dev.fabricplanner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code planner} command: simulate fleets, validate and generate configs, plan transports. */
@Command(
    name = "planner",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Plans GPU fabric transports and simulates inference fleets.",
    subcommands = {
      SimCommand.class,
      ValidateCommand.class,
      GenerateCommand.class,
      PlanCommand.class,
      BenchCommand.class,
      CompareCommand.class,
      CalibrateCommand.class,
      FidelityCommand.class,
      SweepCommand.class,
      SweepTaskCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PlannerCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(CliRunner.execute(new PlannerCli(), args));
  }
}
