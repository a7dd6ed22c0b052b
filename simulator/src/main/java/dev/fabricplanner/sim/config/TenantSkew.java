package dev.fabricplanner.sim.config;

/** Tenant popularity ({@code workload.tenants.skew}, tagged by {@code type}). */
public sealed interface TenantSkew {

  /** {@code type: zipf}: tenant k is chosen with weight 1 / k^s. */
  record Zipf(double s) implements TenantSkew {}

  /** {@code type: uniform}: every tenant equally likely. */
  record Uniform() implements TenantSkew {}
}
