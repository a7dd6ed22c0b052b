package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.probe.control.ControlClient;
import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlSession;
import dev.fabricplanner.probe.control.InviteToken;
import dev.fabricplanner.probe.control.TokenFile;
import dev.fabricplanner.probe.cuda.CudaProbe;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.QuicTransportSettings;
import dev.fabricplanner.probe.run.BackendCatalog;
import dev.fabricplanner.probe.run.CudaIpcTest;
import dev.fabricplanner.probe.run.EmbeddedProbe;
import dev.fabricplanner.probe.run.GpuMemoryLinks;
import dev.fabricplanner.probe.run.HostOffer;
import dev.fabricplanner.probe.run.LocalHost;
import dev.fabricplanner.probe.run.NicDirectory;
import dev.fabricplanner.probe.run.ProbeOptions;
import dev.fabricplanner.probe.run.ProbeSession;
import dev.fabricplanner.probe.run.SessionReport;
import dev.fabricplanner.probe.run.SessionTimeouts;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code probe-agent run}: measures every shared backend against a peer and writes this host's record.
 * Without {@code --join} both peers run here, on loopback, over a real QUIC control connection.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Measure this host's fabrics against a peer and write its capability record.",
      "Without --join both peers run in this process on loopback (the embedded default)."
    })
final class ProbeRunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin ProbeSelection asked;

  @Option(names = "--join", paramLabel = "FILE|-",
      description = "Join the peer whose `probe-agent serve` printed the invite token in FILE (- reads it from stdin; never the token itself, which ps would show).")
  String join;

  @Option(names = "--output", paramLabel = "FILE", description = "Where to write the record (default: records/<host-id>.json).")
  Path output;

  @Option(names = "--quic-cc", paramLabel = "cubic|bbr|reno", description = "QUIC congestion control (default: cubic).")
  String quicCongestionControl;

  @Option(names = "--quic-streams", paramLabel = "N", defaultValue = "1", description = "Streams the QUIC bulk test stripes over (default: 1).")
  int quicStreams;

  @Option(names = "--quic-connections", paramLabel = "N", defaultValue = "1", description = "Connections the QUIC bulk test stripes over (default: 1).")
  int quicConnections;

  @Option(names = "--host-id", paramLabel = "ID", description = "This host's id in the record (default: /etc/machine-id, else the hostname).")
  String hostId;

  @Option(names = "--gpu-memory",
      description = "Also measure each libfabric rdm provider that passed between buffers on GPU 0 (FI_HMEM where granted, else staged through host memory); skipped with CUDA's reason where there is no GPU.")
  boolean gpuMemory;

  @Override
  public Integer call() throws InvalidInputException {
    ProbeOptions parsed = asked.parse();
    InviteToken invite = join == null ? null : TokenFile.read(join, System.in);
    ProbeOptions options = invite == null ? parsed.onLoopback() : parsed;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SessionTimeouts timeouts = SessionTimeouts.standard();
    boolean loopback = invite == null || isLoopback(invite.host());
    QuicTransportSettings settings = loopback ? QuicTransportSettings.forLoopback() : QuicTransportSettings.forNetwork();
    QuicTransportSettings stageSettings = stageSettings(settings);
    try (QuicTransport control = new QuicTransport(settings, 1);
        QuicTransport stage = new QuicTransport(stageSettings, stageSettings.bulkConnections())) {
      BackendCatalog.Selection selection =
          BackendCatalog.select(options, stage, loopback ? "loopback" : "lan", line -> progress(err, line));
      selection.notes().forEach(note -> progress(err, note));
      String id = hostId != null && !hostId.isBlank() ? hostId.strip() : LocalHost.id();
      HostOffer offer = HostOffer.of(id, LocalHost.hostname(), selection.backends(), ProbeOutput.gpuSummary(options));
      SessionReport report;
      CudaIpcTest ipc = null; // the embedded run tests CUDA IPC with a child exporter, after the session
      if (invite == null) {
        progress(err, "embedded run: both peers on loopback over QUIC (" + control.ioTransport() + ")");
        // The serving peer gets its own event loop, as it would in its own process: sharing one would
        // put sender and receiver on one thread and halve the figures.
        try (QuicTransport servingStage = new QuicTransport(stageSettings, 1)) {
          BackendCatalog.Selection serving = BackendCatalog.select(options, servingStage, "loopback", line -> {});
          report =
              EmbeddedProbe.run(control, offer, selection.backends(), offer, serving.backends(), timeouts,
                      line -> progress(err, line))
                  .initiator();
        }
      } else {
        progress(err, "joining " + invite.host() + ":" + invite.port() + " (pinned " + invite.fingerprint() + ")");
        ipc = ProbeOutput.cudaIpcTest(options);
        HostOffer joining = ProbeOutput.withCudaIpc(offer, ipc);
        ControlSession session = ControlClient.join(control, invite, timeouts.message());
        report =
            new ProbeSession(session, joining, selection.backends(), timeouts, line -> progress(err, line), ipc)
                .initiate();
      }
      GpuMemoryLinks.Outcome gpu = null;
      if (gpuMemory) {
        List<Fabric> fabrics = report.outcomes().stream().map(o -> NicDirectory.system().describe(o.fabric())).toList();
        gpu = GpuMemoryLinks.measure(id, report.outcomes(), selection.backends(), fabrics, options.srcNode(),
            CudaProbe.open(), line -> progress(err, line));
      }
      ProbeOutput.finish(report, options, selection, ipc, gpu, output, out, err);
      return 0;
    } catch (ControlException e) {
      err.println("probe-agent run: " + e.getMessage());
      return 1;
    }
  }

  private QuicTransportSettings stageSettings(QuicTransportSettings base) throws InvalidInputException {
    List<String> problems = new java.util.ArrayList<>();
    if (quicStreams < 1 || quicStreams > 64) {
      problems.add("--quic-streams: " + quicStreams + " is outside 1..64");
    }
    if (quicConnections < 1 || quicConnections > 16) {
      problems.add("--quic-connections: " + quicConnections + " is outside 1..16");
    }
    QuicTransportSettings settings = base;
    if (quicCongestionControl != null) {
      try {
        settings = settings.withCongestionControl(
            io.netty.handler.codec.quic.QuicCongestionControlAlgorithm.valueOf(
                quicCongestionControl.strip().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add("--quic-cc: '" + quicCongestionControl + "' is not a congestion controller; wanted cubic, bbr or reno");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return settings.withBulk(quicStreams, quicConnections);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static void progress(PrintWriter err, String line) {
    err.println(line);
    err.flush();
  }
}
