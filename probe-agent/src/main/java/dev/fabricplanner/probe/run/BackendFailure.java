package dev.fabricplanner.probe.run;

/** A backend's test could not complete; the message is the reason the record keeps. */
public final class BackendFailure extends Exception {
  private static final long serialVersionUID = 1L;

  public BackendFailure(String reason) {
    super(reason, null, false, false);
  }

  public BackendFailure(String reason, Throwable cause) {
    super(reason, cause);
  }
}
