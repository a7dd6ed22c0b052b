package dev.fabricplanner.probe.run;

import dev.fabricplanner.probe.control.ControlSession;
import java.net.InetAddress;

/**
 * Where the peer of a running session is, for backends that open their own connections to it.
 *
 * @param peerAddress the peer's IP address, as the control connection sees it
 * @param localAddress this side's IP address on that connection
 * @param control the authenticated control session (its invite pins the peer's certificate on the
 *     joining side; its identity is the certificate to present on the serving side)
 */
public record PeerContext(InetAddress peerAddress, InetAddress localAddress, ControlSession control) {

  public static PeerContext of(ControlSession control) {
    return new PeerContext(control.remoteAddress().getAddress(), control.localAddress().getAddress(), control);
  }
}
