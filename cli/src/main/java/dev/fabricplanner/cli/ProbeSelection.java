package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.probe.run.ProbeOptions;
import picocli.CommandLine.Option;

/** What to probe, the same flags for run, serve and campaign (a picocli mixin). */
final class ProbeSelection {
  @Option(names = "--profiles", paramLabel = "LIST", description = "Comma-separated: rdma,tcp,sockets,shm,udp,nvlink,quic (default: all).")
  String profiles;

  @Option(names = "--provider", paramLabel = "P", description = "Only this libfabric provider.")
  String provider;

  @Option(names = "--endpoint-type", paramLabel = "rdm|dgram|msg", description = "libfabric endpoint type.")
  String endpointType;

  @Option(names = "--domain", paramLabel = "D", description = "Only this libfabric domain (NIC).")
  String domain;

  @Option(names = "--src-node", paramLabel = "ADDR", description = "Local address libfabric endpoints bind to.")
  String srcNode;

  @Option(names = "--quick", description = "A short sweep (a few sizes, small volumes) instead of 64 B ... 4 MiB.")
  boolean quick;

  /** The flags checked; each problem names its flag. */
  ProbeOptions parse() throws InvalidInputException {
    return ProbeOptions.parse(profiles, provider, endpointType, domain, srcNode, quick);
  }
}
