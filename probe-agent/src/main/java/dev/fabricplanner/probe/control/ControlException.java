package dev.fabricplanner.probe.control;

/** The control session could not go on: refused, timed out, or the peer went away. The message says which. */
public final class ControlException extends Exception {
  private static final long serialVersionUID = 1L;

  public ControlException(String reason) {
    super(reason, null, false, false);
  }

  public ControlException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
