package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.probe.fabric.ProbeProfile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code probe-agent run} and {@code serve} were asked to probe.
 *
 * @param profiles profile names, in the order given (rdma, tcp, sockets, shm, udp, nvlink, quic)
 * @param provider only this libfabric provider, or null
 * @param endpointType rdm, dgram or msg, or null for each profile's own
 * @param domain only this libfabric domain (NIC), or null
 * @param srcNode the local address libfabric endpoints bind to, or null
 * @param quick a short sweep (four sizes, small volumes) instead of 64 B … 4 MiB
 */
public record ProbeOptions(
    List<String> profiles, String provider, String endpointType, String domain, String srcNode, boolean quick) {

  /** Every profile, in the order the default run tests them. */
  public static final List<String> ALL_PROFILES = List.of("rdma", "tcp", "sockets", "shm", "udp", "nvlink", "quic");

  public ProbeOptions {
    profiles = List.copyOf(profiles);
  }

  /** Checks the flags; each problem names the flag and what is wanted. */
  public static ProbeOptions parse(
      String profiles, String provider, String endpointType, String domain, String srcNode, boolean quick)
      throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    Set<String> chosen = new LinkedHashSet<>();
    if (profiles == null || profiles.isBlank()) {
      chosen.addAll(ALL_PROFILES);
    } else {
      for (String name : profiles.split(",")) {
        String profile = name.strip().toLowerCase(Locale.ROOT);
        if (!ALL_PROFILES.contains(profile)) {
          problems.add("--profiles: unknown profile '" + name.strip() + "'; wanted some of " + String.join(",", ALL_PROFILES));
        } else {
          chosen.add(profile);
        }
      }
    }
    String type = endpointType == null ? null : endpointType.strip().toLowerCase(Locale.ROOT);
    if (type != null && !List.of("rdm", "dgram", "msg").contains(type)) {
      problems.add("--endpoint-type: '" + endpointType + "' is not an endpoint type; wanted rdm, dgram or msg");
    }
    String only = blankToNull(provider);
    if (only != null && problems.isEmpty()) {
      // --provider narrows the chosen profiles; one none of them tests would silently test nothing.
      Set<String> offered = new LinkedHashSet<>();
      for (String name : chosen) {
        ProbeProfile profile = ProbeProfile.parse(name);
        if (profile != null) {
          profile.queries().forEach(query -> offered.add(query.provider()));
        }
      }
      if (!offered.contains(only)) {
        problems.add("--provider: '" + only + "' is not tested by the chosen profiles ("
            + String.join(",", chosen) + "); wanted one of "
            + (offered.isEmpty() ? "none (no libfabric profile chosen)" : String.join(", ", offered)));
      }
    }
    if (srcNode != null && !srcNode.matches("[0-9A-Za-z.:%_-]+")) {
      problems.add("--src-node: '" + srcNode + "' is not an address; wanted a local IP address or host name");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return new ProbeOptions(List.copyOf(chosen), blankToNull(provider), type, blankToNull(domain), blankToNull(srcNode), quick);
  }

  /** For the embedded run: IP providers bind to 127.0.0.1 unless a source or domain was named. */
  public ProbeOptions onLoopback() {
    if (srcNode != null || domain != null) {
      return this;
    }
    return new ProbeOptions(profiles, provider, endpointType, domain, "127.0.0.1", quick);
  }

  public boolean wants(String profile) {
    return profiles.contains(profile);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
