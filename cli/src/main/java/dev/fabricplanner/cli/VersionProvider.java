package dev.fabricplanner.cli;

import picocli.CommandLine;

/** Reports the version Maven stamped into the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = PlannerCli.class.getPackage().getImplementationVersion();
    return new String[] {"fabric-planner " + (version == null ? "development build" : version)};
  }
}
