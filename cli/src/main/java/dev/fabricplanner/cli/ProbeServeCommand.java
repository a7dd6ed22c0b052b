package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.probe.cuda.NvlinkProfile;
import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlServer;
import dev.fabricplanner.probe.control.TokenFile;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.QuicTransportSettings;
import dev.fabricplanner.probe.run.BackendCatalog;
import dev.fabricplanner.probe.run.CudaIpcTest;
import dev.fabricplanner.probe.run.HostOffer;
import dev.fabricplanner.probe.run.JoinerQueue;
import dev.fabricplanner.probe.run.LocalHost;
import dev.fabricplanner.probe.run.ProbeOptions;
import dev.fabricplanner.probe.run.ProbeSession;
import dev.fabricplanner.probe.run.SessionReport;
import dev.fabricplanner.probe.run.SessionTimeouts;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code probe-agent serve}: listens for peers, prints the invite token they join with, answers each
 * one's tests in turn and writes this host's record, with a link to every joiner.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Listen for peers over QUIC, answer their tests and write this host's record.",
      "Prints the invite token they join with (`probe-agent run --join FILE` on each other "
          + "host, the token in FILE or on stdin with `--join -`); joiners are tested one at a time."
    })
final class ProbeServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin ProbeSelection asked;

  @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "0.0.0.0:0",
      description = "Address and UDP port to listen on (default: all addresses, a free port).")
  String listen;

  @Option(names = "--advertise", paramLabel = "ADDR", description = "Address the token tells the peer to dial (default: the listen address, or this host's first non-loopback IPv4 address).")
  String advertise;

  @Option(names = "--output", paramLabel = "FILE", description = "Where to write the record (default: records/<host-id>.json).")
  Path output;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "600", description = "How long to wait for each peer (default: 600).")
  long waitSeconds;

  @Option(names = "--joiners", paramLabel = "N", defaultValue = "1",
      description = "How many peers the token admits; their sessions run one at a time, in order of arrival (default: 1).")
  int joiners;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Also write the token to FILE (owner-only permissions), for joiners that read it from a shared folder.")
  Path tokenFile;

  @Option(names = "--host-id", paramLabel = "ID", description = "This host's id in the record (default: /etc/machine-id, else the hostname).")
  String hostId;

  @Override
  public Integer call() throws InvalidInputException {
    ProbeOptions options = asked.parse();
    InetSocketAddress address = parseListen(listen);
    if (joiners < 1 || joiners > 4096) {
      throw new InvalidInputException("--joiners: " + joiners + " is outside 1..4096");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean loopback = address.getAddress().isLoopbackAddress();
    QuicTransportSettings settings = loopback ? QuicTransportSettings.forLoopback() : QuicTransportSettings.forNetwork();
    SessionTimeouts timeouts = SessionTimeouts.standard();
    try (QuicTransport control = new QuicTransport(settings, 1);
        QuicTransport stage = new QuicTransport(settings, Math.max(2, settings.bulkConnections()));
        ControlServer server = ControlServer.start(control, address, timeouts.message(), joiners)) {
      BackendCatalog.Selection selection =
          BackendCatalog.select(options, stage, loopback ? "loopback" : "lan", line -> ProbeRunCommand.progress(err, line));
      String host = advertise != null ? advertise : advertisedHost(address);
      String token = server.invite(host).encode();
      if (tokenFile != null) {
        try {
          TokenFile.write(tokenFile, token);
        } catch (java.io.IOException e) {
          throw new InvalidInputException("--token-file: cannot write " + tokenFile + ": " + e.getMessage());
        }
      }
      out.println(token);
      out.flush();
      ProbeRunCommand.progress(
          err,
          "listening on " + server.localAddress() + " (QUIC, certificate " + server.identity().fingerprint()
              + ") for " + joiners + (joiners == 1 ? " peer" : " peers")
              + "; on each peer run: probe-agent run --join FILE (the token above in FILE, or --join - to read it from stdin)");
      String id = hostId != null && !hostId.isBlank() ? hostId.strip() : LocalHost.id();
      JoinerQueue queue = new JoinerQueue(server, timeouts.message(), line -> ProbeRunCommand.progress(err, line));
      List<SessionReport> reports = new ArrayList<>();
      CudaIpcTest firstIpc = null;
      for (int n = 1; n <= joiners; n++) {
        JoinerQueue.Joiner joiner;
        try {
          joiner = queue.next(Duration.ofSeconds(waitSeconds));
        } catch (ControlException e) {
          if (reports.isEmpty()) {
            throw e;
          }
          err.println("probe-agent serve: " + (n - 1) + " of " + joiners + " peers joined; " + e.getMessage());
          break;
        }
        ProbeRunCommand.progress(
            err, "peer joined from " + joiner.session().remoteAddress() + ": " + joiner.offer().hostId()
                + " (" + n + " of " + joiners + ")");
        CudaIpcTest ipc = ProbeOutput.cudaIpcTest(options);
        firstIpc = firstIpc == null ? ipc : firstIpc;
        HostOffer offer =
            ProbeOutput.withCudaIpc(
                HostOffer.of(id, LocalHost.hostname(), selection.backends(), ProbeOutput.gpuSummary(options)), ipc);
        SessionReport report =
            new ProbeSession(joiner.session(), offer, selection.backends(), timeouts,
                    line -> ProbeRunCommand.progress(err, line), ipc)
                .respondTo(joiner.offer());
        reports.add(report);
        if (joiners > 1) {
          out.println("with peer " + joiner.offer().hostId() + ":");
        }
        ProbeOutput.printOutcomes(report, out);
        if (n < joiners) {
          // Written after every session, so a serve stopped early keeps what it measured.
          ProbeOutput.write(ProbeOutput.buildRecord(reports, null, selection), output, out);
        }
      }
      ProbeOutput.printUnavailable(selection, out);
      NvlinkProfile.Result cuda = ProbeOutput.cudaProfile(options, id, firstIpc, err);
      if (cuda != null) {
        cuda.lines().forEach(out::println);
      }
      CapabilityRecord record = ProbeOutput.buildRecord(reports, cuda, selection);
      ProbeOutput.printShortfalls(record, out);
      ProbeOutput.write(record, output, out);
      return reports.size() == joiners ? 0 : 1;
    } catch (ControlException e) {
      err.println("probe-agent serve: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (RuntimeException e) {
      if (e.getCause() instanceof java.net.BindException || e instanceof io.netty.channel.ChannelException) {
        throw new InvalidInputException("--listen: cannot listen on " + listen + " (" + e.getMessage() + ")");
      }
      throw e;
    }
  }

  static InetSocketAddress parseListen(String text) throws InvalidInputException {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new InvalidInputException("--listen: '" + text + "' wants ADDR:PORT (for example 0.0.0.0:7447)");
    }
    String host = text.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new InvalidInputException("--listen: port '" + text.substring(colon + 1) + "' is not a number 0..65535");
    }
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("--listen: port " + port + " is outside 0..65535");
    }
    InetSocketAddress address = new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    if (address.isUnresolved()) {
      throw new InvalidInputException("--listen: cannot resolve address '" + host + "'");
    }
    return address;
  }

  static String advertisedHost(InetSocketAddress listen) {
    InetAddress address = listen.getAddress();
    if (!address.isAnyLocalAddress()) {
      return address.getHostAddress();
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress candidate : Collections.list(nic.getInetAddresses())) {
          if (candidate instanceof Inet4Address) {
            return candidate.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // fall through to loopback
    }
    return "127.0.0.1";
  }
}
