package dev.fabricplanner.probe.quic;

import dev.fabricplanner.core.record.SizeSample;
import dev.fabricplanner.probe.jvm.CompilerWatch;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionPathStats;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The initiator's side of the QUIC stage-transport test: ping-pong latency on one stream and bulk
 * throughput striped over several streams (and connections), over a size sweep, every byte verified.
 * The responder is a {@link QuicStageServer}.
 */
public final class QuicStageTest {
  private final QuicTransport transport;
  private final StageSweepPlan plan;
  private final Consumer<String> progress;

  public QuicStageTest(QuicTransport transport, StageSweepPlan plan, Consumer<String> progress) {
    this.transport = transport;
    this.plan = plan;
    this.progress = progress;
  }

  /**
   * Runs the sweep against a stage server.
   *
   * @param ssl a client context pinned to the server's certificate
   * @throws IOException with the reason when the peer fails, vanishes or sends back wrong bytes
   */
  public QuicStageResult run(InetSocketAddress server, QuicSslContext ssl, byte[] ticket) throws IOException {
    int connectionCount = transport.settings().bulkConnections();
    List<QuicChannel> connections = new ArrayList<>();
    try {
      for (int i = 0; i < connectionCount; i++) {
        connections.add(transport.connect(server, ssl, new ChannelInboundHandlerAdapter(), plan.stepTimeout()));
      }
      JitSettling.Outcome warmUp = warmUp(connections, ticket);
      List<SizeSample> sweep = new ArrayList<>();
      for (int size : plan.sizes()) {
        ByteBuf payload = StagePayload.of(size);
        try {
          Histogram roundTrips = pingPong(connections.get(0), ticket, payload);
          double[] bandwidths = new double[plan.bulkRuns()];
          QuicConnectionPathStats before = pathStats(connections.get(0));
          for (int run = 0; run < bandwidths.length; run++) {
            bandwidths[run] = bulk(connections, ticket, payload, plan.bulkMessagesAt(size));
          }
          QuicConnectionPathStats after = pathStats(connections.get(0));
          SizeSample sample = sample(size, roundTrips, bandwidths);
          sweep.add(sample);
          progress.accept(
              String.format(
                  "quic %8d B  p50 %9.1f us  p99 %9.1f us  %8.3f Gbit/s%s",
                  size, sample.latencyP50Us(), sample.latencyP99Us(), sample.bandwidthBytesPerSec() * 8 / 1e9,
                  bulkPath(before, after)));
        } finally {
          payload.release();
        }
      }
      Map<String, String> settings = new LinkedHashMap<>(transport.describe());
      settings.put("jit_tiers", CompilerWatch.tiers());
      settings.put("jit_warmup", warmUp.describe());
      return new QuicStageResult(sweep, plan.warmup(), settings);
    } finally {
      for (QuicChannel connection : connections) {
        connection.close();
      }
    }
  }

  /**
   * Untimed passes (a small ping-pong, bulk of small and of large messages) until the JIT has compiled
   * the paths they take: with one short pass, the compiler threads still held over half of the
   * process's CPU samples while 1 MiB bulk was timed on a two-core host (perf, docs/PERFORMANCE.md).
   * Stops once a pass leaves the compilers nearly idle, or at the plan's cap.
   */
  private JitSettling.Outcome warmUp(List<QuicChannel> connections, byte[] ticket) throws IOException {
    ByteBuf small = StagePayload.of(64);
    ByteBuf large = StagePayload.of(4 << 20);
    try {
      JitSettling.Outcome outcome =
          JitSettling.repeatUntilQuiet(
              () -> {
                pingPong(connections.get(0), ticket, small);
                bulk(connections, ticket, small, (8 << 20) / 64);
                bulk(connections, ticket, large, 2);
              },
              plan.jitSettleCap());
      progress.accept("quic warm-up: " + outcome.describe());
      return outcome;
    } finally {
      small.release();
      large.release();
    }
  }

  private Histogram pingPong(QuicChannel connection, byte[] ticket, ByteBuf payload) throws IOException {
    int size = payload.readableBytes();
    PingPongDriver driver = new PingPongDriver(payload, plan.warmupAt(size), plan.latencyIterationsAt(size));
    QuicStreamChannel stream = openStream(connection, driver);
    try {
      stream.eventLoop().execute(() -> {
        ByteBuf header = stream.alloc().buffer(StageStreamHeader.BYTES);
        new StageStreamHeader(ticket, StageStreamHeader.Mode.ECHO, 0).writeTo(header);
        stream.write(header);
        driver.start();
      });
      return await(driver.result(), "ping-pong at " + size + " B");
    } finally {
      stream.close();
    }
  }

  /** One bulk run; returns bytes per second from first write to the last verified acknowledgement. */
  private double bulk(List<QuicChannel> connections, byte[] ticket, ByteBuf payload, long messages)
      throws IOException {
    int size = payload.readableBytes();
    int streams = (int) Math.min(transport.settings().bulkStreams(), messages);
    List<BulkStreamDriver> drivers = new ArrayList<>();
    List<QuicStreamChannel> channels = new ArrayList<>();
    long totalBytes = 0;
    try {
      for (int i = 0; i < streams; i++) {
        long share = messages / streams + (i < messages % streams ? 1 : 0);
        BulkStreamDriver driver = new BulkStreamDriver(payload, share, StagePayload.crcOfRepeats(payload, share));
        drivers.add(driver);
        channels.add(openStream(connections.get(i % connections.size()), driver));
        totalBytes += driver.totalBytes();
      }
      long start = System.nanoTime();
      for (int i = 0; i < streams; i++) {
        QuicStreamChannel stream = channels.get(i);
        BulkStreamDriver driver = drivers.get(i);
        stream.eventLoop().execute(() -> {
          ByteBuf header = stream.alloc().buffer(StageStreamHeader.BYTES);
          new StageStreamHeader(ticket, StageStreamHeader.Mode.SINK, driver.totalBytes()).writeTo(header);
          stream.write(header);
          driver.pump();
        });
      }
      long end = start;
      for (BulkStreamDriver driver : drivers) {
        end = Math.max(end, await(driver.result(), "bulk at " + size + " B"));
      }
      return totalBytes / ((end - start) / 1e9);
    } finally {
      for (QuicStreamChannel channel : channels) {
        channel.close();
      }
    }
  }

  private QuicStreamChannel openStream(QuicChannel connection, ChannelHandler driver) throws IOException {
    var created = connection.createStream(QuicStreamType.BIDIRECTIONAL, driver);
    if (!created.awaitUninterruptibly(plan.stepTimeout().toMillis()) || !created.isSuccess()) {
      throw new IOException(
          "could not open a QUIC stream to the peer"
              + (created.cause() == null ? "" : ": " + created.cause().getMessage()));
    }
    return created.getNow();
  }

  /** quiche's view of the first connection's path, or null where it cannot be read. */
  private static QuicConnectionPathStats pathStats(QuicChannel connection) {
    var stats = connection.collectPathStats(0);
    return stats.awaitUninterruptibly(1, TimeUnit.SECONDS) ? stats.getNow() : null;
  }

  /**
   * What the sender's path did during one size's bulk runs: packets sent, their average size (the
   * per-packet work, encryption and a system call, is what limits QUIC on loopback, so small packets
   * cost), packets declared lost (a loss makes CUBIC cut its window), and the congestion window and
   * smoothed RTT (quiche reports nanoseconds) at the end.
   */
  private static String bulkPath(QuicConnectionPathStats before, QuicConnectionPathStats after) {
    if (before == null || after == null) {
      return "";
    }
    long packets = after.sent() - before.sent();
    long bytes = after.sentBytes() - before.sentBytes();
    return String.format(
        "  (bulk path: %d packets sent, %.1f KiB each on average, %d lost, cwnd %d KiB, smoothed rtt %.0f us)",
        packets, packets == 0 ? 0.0 : bytes / 1024.0 / packets, after.lost() - before.lost(),
        after.cwnd() / 1024, after.rtt() / 1e3);
  }

  private <T> T await(CompletableFuture<T> future, String what) throws IOException {
    try {
      return future.get(plan.stepTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException(
          what + ": no answer from the peer within " + plan.stepTimeout().toSeconds() + " s (peer gone?)");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IOException(what + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + ": interrupted");
    }
  }

  private SizeSample sample(int size, Histogram roundTrips, double[] bandwidths) {
    double p50 = roundTrips.getValueAtPercentile(50) / 2e3; // one-way, as fi_pingpong: half the round trip
    double p99 = roundTrips.getValueAtPercentile(99) / 2e3;
    double[] sorted = bandwidths.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    if (sorted.length % 2 == 0) {
      median = (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
    double mean = Arrays.stream(bandwidths).average().orElse(median);
    double variance = Arrays.stream(bandwidths).map(b -> (b - mean) * (b - mean)).sum() / bandwidths.length;
    double noisePct = mean > 0 ? 100 * Math.sqrt(variance) / mean : 0;
    return new SizeSample(size, p50, Math.max(p50, p99), median, noisePct, (int) roundTrips.getTotalCount());
  }
}
