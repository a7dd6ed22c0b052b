package dev.fabricplanner.core.record;

import java.time.Instant;
import java.util.Objects;

/**
 * Who measured: the host's stable id (unique in a fleet, survives reboots and renames; e.g. the machine id
 * or a cloud instance id), its hostname, the probe agent's version and when the measurement finished,
 * and (schema 2) the site, the software it ran and whether it was measured at all.
 *
 * @param site the site (data centre, cluster, campus) whose private networks this host's fabric names
 *     refer to: "10.0.0.0/24" in two sites is two networks. Null when not given (one site)
 * @param provenance measured by a probe, or a hand-written example; never null (measured by default)
 * @param software what the figures were measured with, or null when not recorded (schema 1 records)
 */
public record HostIdentity(
    String id,
    String hostname,
    String agentVersion,
    Instant measuredAt,
    String site,
    Provenance provenance,
    HostSoftware software) {
  public HostIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(measuredAt, "measuredAt");
    provenance = provenance == null ? Provenance.MEASURED : provenance;
  }

  /** A measured host in the default site, software not recorded. */
  public HostIdentity(String id, String hostname, String agentVersion, Instant measuredAt) {
    this(id, hostname, agentVersion, measuredAt, null, Provenance.MEASURED, null);
  }

  public HostIdentity withSite(String newSite) {
    return new HostIdentity(id, hostname, agentVersion, measuredAt, newSite, provenance, software);
  }

  public HostIdentity withProvenance(Provenance newProvenance) {
    return new HostIdentity(id, hostname, agentVersion, measuredAt, site, newProvenance, software);
  }

  public HostIdentity withSoftware(HostSoftware newSoftware) {
    return new HostIdentity(id, hostname, agentVersion, measuredAt, site, provenance, newSoftware);
  }

  /** True when this host and other are in the same site (both unnamed counts as the same). */
  public boolean sameSiteAs(HostIdentity other) {
    return Objects.equals(site, other.site);
  }
}
