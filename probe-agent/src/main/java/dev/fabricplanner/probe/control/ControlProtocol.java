package dev.fabricplanner.probe.control;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The control protocol's state machine, one per connection, free of I/O so that every transition can be
 * tested directly. The joiner opens with HELLO, the server answers CHALLENGE with a fresh nonce, the
 * joiner proves the invite secret over that nonce with AUTH, and the server answers WELCOME. Until then
 * nothing else is accepted, and any deviation refuses the peer and ends the connection.
 */
final class ControlProtocol {
  /** Where the conversation stands. */
  enum State {
    /** Server: waiting for the joiner's HELLO. */
    AWAITING_HELLO,
    /** Joiner: HELLO sent, waiting for CHALLENGE. */
    AWAITING_CHALLENGE,
    /** Server: CHALLENGE sent, waiting for AUTH. */
    AWAITING_AUTH,
    /** Joiner: AUTH sent, waiting for WELCOME. */
    AWAITING_WELCOME,
    /** Both: authenticated; application messages flow. */
    OPEN,
    /** Both: refused, said BYE, or lost; nothing more is accepted. */
    CLOSED
  }

  /**
   * What to do with one received message.
   *
   * @param reply message to send back, or null
   * @param deliver whether the application sees the received message
   * @param closeReason why the connection must now close, or null to keep it
   */
  record Step(ControlMessage reply, boolean deliver, String closeReason) {
    static Step deliverIt() {
      return new Step(null, true, null);
    }

    static Step answer(ControlMessage reply) {
      return new Step(reply, false, null);
    }

    static Step refuse(String reason) {
      return new Step(ControlMessage.refused(reason), false, reason);
    }

    static Step end(String reason, boolean deliver) {
      return new Step(null, deliver, reason);
    }
  }

  private static final int NONCE_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final InviteAllowance invite; // server only
  private final InviteSecret secret; // joiner only
  private State state;
  private byte[] nonce;

  private ControlProtocol(InviteAllowance invite, InviteSecret secret, State initial) {
    this.invite = invite;
    this.secret = secret;
    this.state = initial;
  }

  static ControlProtocol server(InviteAllowance invite) {
    return new ControlProtocol(invite, null, State.AWAITING_HELLO);
  }

  static ControlProtocol joiner(InviteSecret secret) {
    return new ControlProtocol(null, secret, State.AWAITING_CHALLENGE);
  }

  State state() {
    return state;
  }

  boolean isOpen() {
    return state == State.OPEN;
  }

  /** The joiner's opening HELLO; the server waits for it and sends nothing first. */
  ControlMessage opening() {
    if (invite != null) {
      return null;
    }
    ControlMessage hello = ControlMessage.of(MessageType.HELLO);
    hello.body().put("protocol", ControlWireFormat.VERSION);
    return hello;
  }

  /** Applies one received message. */
  Step receive(ControlMessage message) {
    MessageType type = message.type();
    if (state == State.CLOSED) {
      return Step.end("message `" + type.wire() + "` after the session closed", false);
    }
    if (type == MessageType.REFUSED) {
      state = State.CLOSED;
      return Step.end("peer refused: " + message.text("reason"), true);
    }
    switch (state) {
      case AWAITING_HELLO:
        if (type != MessageType.HELLO) {
          return close(Step.refuse("not authenticated: the first message must be hello, got " + type.wire()));
        }
        nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        state = State.AWAITING_AUTH;
        ControlMessage challenge = ControlMessage.of(MessageType.CHALLENGE);
        challenge.body().put("protocol", ControlWireFormat.VERSION);
        challenge.body().put("nonce", Base64.getEncoder().encodeToString(nonce));
        return Step.answer(challenge);
      case AWAITING_AUTH:
        return receiveAuth(message);
      case AWAITING_CHALLENGE:
        if (type != MessageType.CHALLENGE) {
          return close(Step.refuse("expected challenge, got " + type.wire()));
        }
        byte[] serverNonce = decodeBase64(message.text("nonce"));
        if (serverNonce == null || serverNonce.length != NONCE_BYTES) {
          return close(Step.refuse("challenge carries no " + NONCE_BYTES + "-byte nonce"));
        }
        state = State.AWAITING_WELCOME;
        ControlMessage auth = ControlMessage.of(MessageType.AUTH);
        auth.body().put("proof", Base64.getEncoder().encodeToString(secret.prove(serverNonce)));
        return Step.answer(auth);
      case AWAITING_WELCOME:
        if (type != MessageType.WELCOME) {
          return close(Step.refuse("expected welcome, got " + type.wire()));
        }
        state = State.OPEN;
        return new Step(null, false, null);
      case OPEN:
        if (type == MessageType.HELLO
            || type == MessageType.CHALLENGE
            || type == MessageType.AUTH
            || type == MessageType.WELCOME) {
          return close(Step.refuse("`" + type.wire() + "` is only valid before the session opens"));
        }
        if (type == MessageType.BYE) {
          state = State.CLOSED;
          return Step.end("peer said bye", true);
        }
        if (type == MessageType.KEEPALIVE) {
          return new Step(null, false, null);
        }
        return Step.deliverIt();
      default:
        throw new IllegalStateException("unhandled state " + state);
    }
  }

  private Step receiveAuth(ControlMessage message) {
    if (message.type() != MessageType.AUTH) {
      return close(Step.refuse("not authenticated: after hello the next message must be auth, got " + message.type().wire()));
    }
    byte[] proof = decodeBase64(message.text("proof"));
    if (!invite.secret().verifies(nonce, proof)) {
      return close(Step.refuse("authentication failed: wrong invite secret"));
    }
    if (!invite.claim()) {
      return close(Step.refuse("authentication failed: " + invite.spentReason()));
    }
    state = State.OPEN;
    return Step.answer(ControlMessage.of(MessageType.WELCOME));
  }

  /** A local failure (malformed frame, timeout): refuse with this reason and close. */
  Step fail(String reason) {
    return close(Step.refuse(reason));
  }

  /** The connection went away under us. */
  void lost() {
    state = State.CLOSED;
  }

  private Step close(Step step) {
    state = State.CLOSED;
    return step;
  }

  private static byte[] decodeBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
