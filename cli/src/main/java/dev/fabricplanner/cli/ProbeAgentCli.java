package dev.fabricplanner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code probe-agent} command: list what this host offers, measure it, or serve a peer. */
@Command(
    name = "probe-agent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Measures this host's fabrics (libfabric, CUDA/NVLink, QUIC) and writes capability records.",
    subcommands = {
      ProbeListCommand.class,
      ProbeRunCommand.class,
      ProbeServeCommand.class,
      ProbeCampaignCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ProbeAgentCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(CliRunner.execute(new ProbeAgentCli(), args));
  }
}
