package dev.fabricplanner.sim.result;

/**
 * How busy one transport's links were over the measured time.
 *
 * @param links link ends used (a host's NIC group on a transport, or a GPU's NVLink, each way)
 * @param meanUtilization mean busy fraction over those links
 * @param maxUtilization the busiest link's fraction
 * @param busiest the busiest link's name
 */
public record LinkUse(long links, double meanUtilization, double maxUtilization, String busiest) {}
