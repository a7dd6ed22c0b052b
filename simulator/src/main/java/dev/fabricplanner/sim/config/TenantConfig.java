package dev.fabricplanner.sim.config;

/** How requests spread over {@code count} tenants. */
public record TenantConfig(TenantSkew skew, int count) {}
