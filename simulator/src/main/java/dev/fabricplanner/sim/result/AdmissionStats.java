package dev.fabricplanner.sim.result;

/**
 * KV-cache admission control.
 *
 * @param kvWaits requests that reached the head of a server's queue with a free slot but had to wait
 *     for KV cache to be freed (each counted once)
 * @param kvRejects requests whose KV reservation exceeds an empty server's capacity: dropped
 */
public record AdmissionStats(long kvWaits, long kvRejects) {}
