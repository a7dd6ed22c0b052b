package dev.fabricplanner.core.plan;

/**
 * A candidate's estimated cost on a hop.
 *
 * @param tokenUs time to move one token's activations, microseconds
 * @param kvTransferUs time to move one KV-cache transfer, microseconds
 * @param perRequestUs what candidates are compared by (see {@link HopTraffic#perRequestUs})
 * @param stripes NICs a transfer is striped across (1 when not striped)
 * @param basis how near the measurement used is to this hop
 * @param measurement the measured link the estimate comes from, "src -> dst"
 * @param noisePct the measurement's largest noise (std/mean of its bandwidth rounds, percent): how much
 *     the host got in the way; equal estimates go to the quieter transport
 */
public record Estimate(
    double tokenUs,
    double kvTransferUs,
    double perRequestUs,
    int stripes,
    MeasurementBasis basis,
    String measurement,
    double noisePct) {

  /** How the measurement behind an estimate relates to the hop. */
  public enum MeasurementBasis {
    /** Measured between exactly these endpoints (either direction). */
    EXACT,
    /** Measured between the same two hosts, other endpoints. */
    HOST_PAIR,
    /** Measured between other hosts on the same fabric. */
    REPRESENTATIVE
  }
}
