/**
 * QUIC as a measured stage transport, and the QUIC plumbing the control plane shares.
 *
 * <p>{@link dev.fabricplanner.probe.quic.QuicTransport} opens QUIC sockets with one reported set of
 * {@link dev.fabricplanner.probe.quic.QuicTransportSettings}; {@link
 * dev.fabricplanner.probe.quic.QuicStageServer} answers and {@link
 * dev.fabricplanner.probe.quic.QuicStageTest} measures ping-pong latency and bulk throughput over a size
 * sweep, every byte verified. {@link dev.fabricplanner.probe.quic.QuicStageBenchmark} compares settings.
 */
package dev.fabricplanner.probe.quic;
