package dev.fabricplanner.sim.result;

import java.util.SortedMap;

/**
 * Cross-host pipeline hops of a bound run (steps started in the measured window): the micro-batch
 * sends between stages on different hosts, which hold the hosts' NIC groups.
 *
 * @param sends micro-batch sends over cross-host hops
 * @param bytesByTransport transport name -> activation bytes sent
 * @param extrapolated sends whose size lay beyond the measured sweep (reason EXTRAPOLATED)
 * @param linkWaitMs mean time a step that booked hop links waited for them
 */
public record PipelineHopSummary(
    long sends, SortedMap<String, Long> bytesByTransport, long extrapolated, double linkWaitMs) {}
