package dev.fabricplanner.probe.control;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An authenticated control stream as the orchestration sees it: blocking send and receive, each with a
 * timeout, so a silent or vanished peer becomes a {@link ControlException} with a reason, never a hang.
 */
public final class ControlSession implements AutoCloseable {
  /** QUIC application error code for an orderly or refused close. */
  static final int CLOSE_CODE = 0x100;

  /** Put in the inbox when the connection ends, so a waiting receive wakes at once, not at its timeout. */
  private static final ControlMessage CLOSED = ControlMessage.of(MessageType.BYE);

  private final QuicStreamChannel stream;
  private final BlockingQueue<ControlMessage> inbox = new LinkedBlockingQueue<>();
  private final InviteToken invite; // joiner side only: how the measurement listeners are pinned
  private final ProbeIdentity identity; // server side only
  // Read while the connection is up: a closed QUIC channel answers null, and a fast peer may have
  // closed it before this side asks where it was.
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private volatile String closedReason;

  ControlSession(QuicStreamChannel stream, InviteToken invite, ProbeIdentity identity) {
    this.stream = stream;
    this.invite = invite;
    this.identity = identity;
    this.remote = (InetSocketAddress) stream.parent().remoteSocketAddress();
    this.local = (InetSocketAddress) stream.parent().localSocketAddress();
  }

  /** Sends one message, failing if it has not been handed to QUIC within {@code timeout}. */
  public void send(ControlMessage message, Duration timeout) throws ControlException {
    ensureOpen();
    io.netty.channel.ChannelFuture write = stream.writeAndFlush(message);
    if (!write.awaitUninterruptibly(timeout.toMillis())) {
      throw new ControlException("sending " + message.type().wire() + " timed out after " + timeout.toMillis() + " ms");
    }
    if (write.cause() instanceof java.nio.channels.ClosedChannelException) {
      // The stream closed under the write: the peer went away (or its connection did).
      throw new ControlException("peer gone: the control stream closed while sending "
          + message.type().wire(), write.cause());
    }
    if (!write.isSuccess()) {
      throw new ControlException(
          "sending " + message.type().wire() + " failed: " + describe(write.cause()), write.cause());
    }
  }

  /** The next application message, or an exception if none came within {@code timeout}. */
  public ControlMessage receive(Duration timeout) throws ControlException {
    ControlMessage message;
    try {
      message = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlException("interrupted while waiting for the peer");
    }
    if (message == CLOSED) {
      inbox.add(CLOSED); // every later receive fails fast too
      throw new ControlException("peer gone: " + closedReason);
    }
    if (message == null) {
      if (closedReason != null) {
        throw new ControlException("peer gone: " + closedReason);
      }
      throw new ControlException("peer sent nothing for " + timeout.toMillis() + " ms");
    }
    if (message.type() == MessageType.REFUSED) {
      throw new ControlException("peer refused: " + message.text("reason"));
    }
    return message;
  }

  /** The next message, which must be {@code type}; TEST_FAILED and BYE become exceptions with reasons. */
  public ControlMessage expect(MessageType type, Duration timeout) throws ControlException {
    ControlMessage message = receive(timeout);
    if (message.type() == type) {
      return message;
    }
    if (message.type() == MessageType.TEST_FAILED) {
      throw new ControlException(message.text("reason"));
    }
    if (message.type() == MessageType.BYE) {
      throw new ControlException("peer gone: it said bye while " + type.wire() + " was expected");
    }
    throw new ControlException("expected " + type.wire() + " from the peer, got " + message.type().wire());
  }

  public boolean isOpen() {
    return closedReason == null && stream.isActive();
  }

  /** The peer's address on the control connection, also after it closed. */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /** This side's address on the control connection, also after it closed. */
  public InetSocketAddress localAddress() {
    return local;
  }

  /** The invite this joiner used (to pin further connections), or null on the serving side. */
  public InviteToken invite() {
    return invite;
  }

  /** The serving side's identity (to present on measurement listeners), or null on the joining side. */
  public ProbeIdentity identity() {
    return identity;
  }

  /** Says BYE, if still open, and closes the connection. */
  @Override
  public void close() {
    if (isOpen()) {
      stream.writeAndFlush(ControlMessage.of(MessageType.BYE)).awaitUninterruptibly(1000);
    }
    closeConnection("bye").awaitUninterruptibly(1000);
  }

  /** Drops the connection without a word, as a crashed peer would (used to test failure isolation). */
  public void abort() {
    QuicChannel connection = stream.parent();
    closed("aborted locally");
    connection.close(false, 0, Unpooled.EMPTY_BUFFER);
  }

  void deliver(ControlMessage message) {
    inbox.add(message);
  }

  void closed(String reason) {
    if (closedReason == null) {
      closedReason = reason;
      inbox.add(CLOSED);
    }
  }

  String closedReason() {
    return closedReason;
  }

  /** Closes the QUIC connection with the reason as its close phrase; safe on the event loop. */
  io.netty.channel.ChannelFuture closeConnection(String reason) {
    closed(reason);
    QuicChannel connection = stream.parent();
    return connection.close(true, CLOSE_CODE, Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8));
  }

  private void ensureOpen() throws ControlException {
    if (closedReason != null) {
      throw new ControlException("peer gone: " + closedReason);
    }
  }

  static String describe(Throwable error) {
    if (error == null) {
      return "unknown error";
    }
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
