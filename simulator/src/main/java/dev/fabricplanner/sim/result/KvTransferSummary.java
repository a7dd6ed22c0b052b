package dev.fabricplanner.sim.result;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * KV-cache transfers of a disaggregated run (measured requests only).
 *
 * @param transfers KV transfers made
 * @param bytesByTransport transport name -> bytes moved
 * @param transferMs distribution of one transfer's time
 * @param extrapolated transfers whose size lay beyond the measured sweep (reason EXTRAPOLATED)
 * @param linkWaitMs mean time a transfer waited for its links (busy with earlier transfers)
 * @param links transport name -> how busy its links were
 * @param ttftShare mean over completed requests of transfer time / TTFT
 * @param ttftBreakdownMs mean TTFT parts: queue (arrival to prefill start: network, scheduling and
 *     waiting), prefill, transfer, first_decode (landing to first token, with the decode node's wait),
 *     return (the first token's way back to the client)
 * @param fallbacks host pairs whose transfers use a transport other than the planner's first choice:
 *     "src gpu dst gpu scope" -> "preferred -> used"
 * @param pipelineHops cross-host pipeline hops, when a server's stages span hosts
 */
public record KvTransferSummary(
    long transfers,
    SortedMap<String, Long> bytesByTransport,
    LatencySummary transferMs,
    long extrapolated,
    double linkWaitMs,
    Map<String, LinkUse> links,
    double ttftShare,
    Map<String, Double> ttftBreakdownMs,
    Map<String, String> fallbacks,
    Optional<PipelineHopSummary> pipelineHops) {}
