package dev.fabricplanner.probe.run;

import dev.fabricplanner.probe.control.ControlClient;
import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlServer;
import dev.fabricplanner.probe.control.ControlSession;
import dev.fabricplanner.probe.quic.QuicTransport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The embedded default of {@code probe-agent run}: both peers in this JVM, meeting over a real,
 * authenticated QUIC control connection on loopback, exactly as two hosts would (serve, invite, join).
 */
public final class EmbeddedProbe {
  /** Both sides' reports; on loopback they describe the same host. */
  public record Result(SessionReport initiator, SessionReport responder) {}

  private EmbeddedProbe() {}

  /**
   * @param controlTransport the QUIC transport both control endpoints use
   * @param initiatorBackends what the joining side tests, in order
   * @param responderBackends what the serving side offers
   */
  public static Result run(
      QuicTransport controlTransport,
      HostOffer initiatorOffer,
      List<ProbeBackend> initiatorBackends,
      HostOffer responderOffer,
      List<ProbeBackend> responderBackends,
      SessionTimeouts timeouts,
      Consumer<String> progress)
      throws ControlException {
    ControlServer server;
    try {
      server = ControlServer.start(controlTransport, new InetSocketAddress("127.0.0.1", 0), timeouts.message());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlException("interrupted while starting the loopback control listener");
    }
    try {
      CompletableFuture<SessionReport> responder = new CompletableFuture<>();
      Thread serving =
          new Thread(
              () -> {
                try {
                  ControlSession session = server.awaitPeer(timeouts.message());
                  responder.complete(
                      new ProbeSession(session, responderOffer, responderBackends, timeouts, line -> {}).respond());
                } catch (ControlException | RuntimeException e) {
                  responder.completeExceptionally(e);
                }
              },
              "probe-responder");
      serving.setDaemon(true);
      serving.start();
      ControlSession joined = ControlClient.join(controlTransport, server.invite("127.0.0.1"), timeouts.message());
      SessionReport initiator =
          new ProbeSession(joined, initiatorOffer, initiatorBackends, timeouts, progress).initiate();
      try {
        return new Result(initiator, responder.get(timeouts.message().toMillis(), TimeUnit.MILLISECONDS));
      } catch (ExecutionException | TimeoutException e) {
        return new Result(initiator, null); // the serving side is the one that failed; the measurements stand
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(initiator, null);
      }
    } finally {
      server.close();
    }
  }
}
