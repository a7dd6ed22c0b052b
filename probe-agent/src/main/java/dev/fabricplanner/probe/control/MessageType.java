package dev.fabricplanner.probe.control;

import java.util.Locale;
import java.util.Optional;

/** The control messages, in the order a session uses them. */
public enum MessageType {
  /** Joiner to server, first: opens the control stream (QUIC makes a stream known by its first bytes). */
  HELLO,
  /** Server to joiner: protocol version and a fresh nonce to prove the secret over. */
  CHALLENGE,
  /** Joiner to server: HMAC(secret, nonce). Nothing else is accepted before it. */
  AUTH,
  /** Server to joiner: the proof was good; the session is open. */
  WELCOME,
  /** Either side: the session is refused or aborted; carries the reason, then the connection closes. */
  REFUSED,
  /** Both sides: what this host offers (libfabric providers with endpoint names, GPUs, QUIC). */
  OFFER,
  /** Initiator: start one backend's payload test. */
  TEST_START,
  /** Responder: ready for that test (its endpoint address, a measurement port ...). */
  TEST_READY,
  /** Either side, during a test: reached the named phase (both must, before either goes on). */
  BARRIER,
  /** Initiator: the test's figures, or its failure and reason. */
  TEST_RESULT,
  /** Either side: that backend cannot run here; carries the reason. */
  TEST_FAILED,
  /** CUDA IPC exporter to importer: one exported GPU buffer (its handle, size, pattern seed); see
   *  {@code cuda.IpcOffer} for the fields and their limits. */
  IPC_OFFER,
  /** CUDA IPC importer to exporter: done with every offered buffer (the exporter may free them now);
   *  carries one line per copy test. */
  IPC_DONE,
  /** Either side, every few seconds once open: keeps the connection inside QUIC's idle timeout while a
   *  long test phase sends nothing else; never shown to the application. */
  KEEPALIVE,
  /** Either side: done, closing. */
  BYE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<MessageType> fromWire(String text) {
    for (MessageType type : values()) {
      if (type.wire().equals(text)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
