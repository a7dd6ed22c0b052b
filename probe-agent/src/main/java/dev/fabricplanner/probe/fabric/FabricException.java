package dev.fabricplanner.probe.fabric;

/** A libfabric call failed on this host (a provider refused, a peer vanished): not a bug. */
public final class FabricException extends Exception {
  private static final long serialVersionUID = 1L;

  public FabricException(String message) {
    super(message);
  }

  static FabricException call(Libfabric library, String call, long code) {
    return new FabricException(call + " failed: " + library.describeError(code));
  }
}
