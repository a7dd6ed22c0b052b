package dev.fabricplanner.probe.run;

import java.time.Duration;

/**
 * How long a session waits before deciding the peer is gone.
 *
 * @param message the longest wait for an answer to a control message (offer, test start, barrier)
 * @param test the longest one backend's test may take end to end before the responder gives up on it
 */
public record SessionTimeouts(Duration message, Duration test) {
  public static SessionTimeouts standard() {
    return new SessionTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5));
  }
}
