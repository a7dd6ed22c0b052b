package dev.fabricplanner.probe.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.LinkFacts;
import dev.fabricplanner.probe.control.ControlClient;
import dev.fabricplanner.probe.control.ControlServer;
import dev.fabricplanner.probe.control.ProbeIdentity;
import dev.fabricplanner.probe.quic.QuicStageResult;
import dev.fabricplanner.probe.quic.QuicStageServer;
import dev.fabricplanner.probe.quic.QuicStageTest;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.StageSweepPlan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * QUIC measured as a stage transport: the responder opens a separate, ticketed QUIC listener presenting
 * the serving side's certificate; the initiator pins it and runs {@link QuicStageTest}.
 */
public final class QuicProbeBackend implements ProbeBackend {
  private final QuicTransport transport;
  private final StageSweepPlan plan;
  private final String network;
  private final Consumer<String> progress;

  /**
   * @param transport the QUIC settings and event loops the stage test runs on (its own, not the control's)
   * @param network the IP network name both peers put in their records ("loopback", "lan" ...)
   */
  public QuicProbeBackend(QuicTransport transport, StageSweepPlan plan, String network, Consumer<String> progress) {
    this.transport = transport;
    this.plan = plan;
    this.network = network;
    this.progress = progress;
  }

  @Override
  public String key() {
    return "quic/" + network;
  }

  @Override
  public Fabric fabric() {
    return Fabric.quic(key(), network);
  }

  @Override
  public BackendRole initiator(PeerContext peer) {
    return new BackendRole() {
      @Override
      public ObjectNode open() {
        return JsonNodeFactory.instance.objectNode();
      }

      @Override
      public Optional<BackendMeasurement> run(ObjectNode details, PhaseBarrier barrier) throws BackendFailure {
        if (peer.control().invite() == null) {
          throw new BackendFailure("only the joining side can initiate the QUIC test (it holds the pin)");
        }
        int port = details.path("port").asInt(-1);
        byte[] ticket;
        try {
          ticket = Base64.getDecoder().decode(details.path("ticket").asText(""));
        } catch (IllegalArgumentException e) {
          throw new BackendFailure("peer's QUIC test details carry no valid ticket");
        }
        if (port < 1 || port > 65535) {
          throw new BackendFailure("peer's QUIC test details carry no valid port");
        }
        try {
          QuicStageResult result =
              new QuicStageTest(transport, plan, progress)
                  .run(
                      new InetSocketAddress(peer.peerAddress(), port),
                      ControlClient.pinnedSslContext(peer.control().invite().fingerprint()),
                      ticket);
          return Optional.of(
              new BackendMeasurement(
                  result.sweep(), result.warmupIterations(), true, LinkFacts.NONE, null, null, result.settings()));
        } catch (IOException e) {
          throw new BackendFailure(e.getMessage(), e);
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public BackendRole responder(PeerContext peer) {
    return new BackendRole() {
      private QuicStageServer server;

      @Override
      public ObjectNode open() throws BackendFailure {
        ProbeIdentity identity = peer.control().identity();
        if (identity == null) {
          throw new BackendFailure("only the serving side can answer the QUIC test (it holds the certificate)");
        }
        try {
          server =
              QuicStageServer.start(
                  transport, ControlServer.sslContext(identity), new InetSocketAddress(peer.localAddress(), 0));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BackendFailure("interrupted while opening the QUIC stage listener");
        } catch (RuntimeException e) {
          throw new BackendFailure("cannot open the QUIC stage listener: " + e.getMessage(), e);
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("port", server.localAddress().getPort());
        details.put("ticket", Base64.getEncoder().encodeToString(server.ticket()));
        return details;
      }

      @Override
      public Optional<BackendMeasurement> run(ObjectNode details, PhaseBarrier barrier) {
        return Optional.empty(); // serves on its event loop until closed
      }

      @Override
      public void close() {
        if (server != null) {
          server.close();
        }
      }
    };
  }
}
