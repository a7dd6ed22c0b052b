package dev.fabricplanner.sim.config;

/**
 * Something that goes wrong at a set time.
 *
 * @param atS when it starts, in simulated seconds
 * @param kind what happens
 * @param cell the cell affected, or {@link #ALL_CELLS}
 * @param fraction share of the affected cell's (or fleet's) nodes hit, in (0, 1]
 * @param factor for slowdown: service times are multiplied by it; for link_degrade: RTTs are
 *     multiplied and bandwidths divided by it (>= 1); unused for node_loss
 * @param durationS how long it lasts; {@code Double.POSITIVE_INFINITY} (the default) for the rest
 *     of the run
 * @param transport for transport_down: the transport the planner loses (a name or provider, as in
 *     {@code disaggregation.disable_transports}); null for the other kinds
 */
public record Fault(
    double atS, Kind kind, int cell, double fraction, double factor, double durationS,
    String transport) {

  /** A fault of a kind that names no transport. */
  public Fault(double atS, Kind kind, int cell, double fraction, double factor, double durationS) {
    this(atS, kind, cell, fraction, factor, durationS, null);
  }

  public static final int ALL_CELLS = -1;

  public enum Kind {
    NODE_LOSS,
    SLOWDOWN,
    LINK_DEGRADE,
    /** A fabric transport fails fleet-wide: KV transfers fall back as the planner would. */
    TRANSPORT_DOWN;

    public String yamlName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean allCells() {
    return cell == ALL_CELLS;
  }

  public boolean permanent() {
    return Double.isInfinite(durationS);
  }

  public double endS() {
    return atS + durationS;
  }
}
