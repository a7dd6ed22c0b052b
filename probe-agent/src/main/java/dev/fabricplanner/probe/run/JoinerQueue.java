package dev.fabricplanner.probe.run;

import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlServer;
import dev.fabricplanner.probe.control.ControlSession;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The joiners a server with many has admitted and not yet answered, each with its offer read. Sessions
 * are answered one at a time, so no two joiners' payload tests share this host's CPU, memory bus or NIC:
 * a joiner that arrives during another's session waits (its connection kept open by keepalives) until
 * {@link #next} or {@link #awaitHost} hands it out.
 */
public final class JoinerQueue {
  /** An admitted joiner whose offer has been read. */
  public record Joiner(ControlSession session, HostOffer offer) {}

  private final ControlServer server;
  private final Duration offerTimeout;
  private final Consumer<String> progress;
  private final Map<String, Joiner> waiting = new LinkedHashMap<>(); // by host id, in order of arrival

  /**
   * @param offerTimeout how long an admitted joiner has to send its offer
   */
  public JoinerQueue(ControlServer server, Duration offerTimeout, Consumer<String> progress) {
    this.server = server;
    this.offerTimeout = offerTimeout;
    this.progress = progress;
  }

  /** The joiner that has waited longest, or the next to arrive within {@code timeout}. */
  public Joiner next(Duration timeout) throws ControlException {
    Iterator<Joiner> first = waiting.values().iterator();
    if (first.hasNext()) {
      Joiner joiner = first.next();
      first.remove();
      return joiner;
    }
    return admitOne(timeout, deadline(timeout));
  }

  /** The joiner with this host id, waiting for it up to {@code timeout}; others that arrive meanwhile queue. */
  public Joiner awaitHost(String hostId, Duration timeout) throws ControlException {
    long deadline = deadline(timeout);
    while (!waiting.containsKey(hostId)) {
      Joiner arrived = admitOne(timeout, deadline);
      waiting.put(arrived.offer().hostId(), arrived);
    }
    return waiting.remove(hostId);
  }

  /** Host ids admitted and waiting, in order of arrival. */
  public java.util.List<String> waitingHosts() {
    return java.util.List.copyOf(waiting.keySet());
  }

  /**
   * Admits the next joiner that sends a readable offer. One that sends none, or claims a host id already
   * waiting, is closed with a progress line and does not count.
   */
  private Joiner admitOne(Duration timeout, long deadline) throws ControlException {
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ControlException("no peer joined within " + timeout.toSeconds() + " s");
      }
      ControlSession session = server.awaitPeer(Duration.ofNanos(left));
      try {
        HostOffer offer = ProbeSession.receiveOffer(session, offerTimeout);
        if (waiting.containsKey(offer.hostId())) {
          progress.accept("closing a second joiner that calls itself " + offer.hostId() + " (one is already waiting)");
          session.close();
          continue;
        }
        return new Joiner(session, offer);
      } catch (ControlException e) {
        progress.accept("a joiner from " + session.remoteAddress() + " sent no offer: " + e.getMessage());
        session.close();
      }
    }
  }

  private static long deadline(Duration timeout) {
    return System.nanoTime() + timeout.toNanos();
  }
}
