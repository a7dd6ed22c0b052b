package dev.fabricplanner.sim.result;

/**
 * Request accounting at the end of a run: {@code arrived = completed + dropped + failed + inFlight}.
 *
 * @param arrived requests that entered the fleet
 * @param completed requests served to the last token
 * @param dropped requests rejected at admission (queue or KV cache full)
 * @param failed requests lost to a fault after their retries ran out
 * @param inFlight requests still queued, in service or on the network when the run ended
 */
public record RequestCounts(long arrived, long completed, long dropped, long failed, long inFlight) {

  /** Whether every arrived request is accounted for. */
  public boolean conserved() {
    return arrived == completed + dropped + failed + inFlight;
  }
}
