package dev.fabricplanner.probe.control;

/** A control frame that is not a message this version understands; the connection is refused. */
final class MalformedFrameException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedFrameException(String reason) {
    super(reason, null, false, false);
  }
}
