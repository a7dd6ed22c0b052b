package dev.fabricplanner.probe.run;

import java.time.Duration;

/**
 * How long a session waits before deciding the peer is gone.
 *
 * @param message the longest wait for an answer to a control message (offer, test start, barrier)
 * @param test the longest one backend's test may take end to end before the responder gives up on it
 * @param turn how long a joiner waits for the server's offer: a server with many joiners answers them in
 *     turn, so a joiner may queue behind whole sessions (keepalives hold its connection open meanwhile)
 */
public record SessionTimeouts(Duration message, Duration test, Duration turn) {
  /** A joiner waits one test's length for its turn. */
  public SessionTimeouts(Duration message, Duration test) {
    this(message, test, test);
  }

  public static SessionTimeouts standard() {
    return new SessionTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(30));
  }
}
