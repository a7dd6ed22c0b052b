/**
 * Orchestration of a probe session: what each side offers ({@link dev.fabricplanner.probe.run.HostOffer}),
 * the backends it can test ({@link dev.fabricplanner.probe.run.ProbeBackend}: QUIC and each libfabric
 * provider), the session that tests every shared backend with failures isolated per backend ({@link
 * dev.fabricplanner.probe.run.ProbeSession}), the embedded loopback default ({@link
 * dev.fabricplanner.probe.run.EmbeddedProbe}) and the record it all becomes ({@link
 * dev.fabricplanner.probe.run.CapabilityRecordAssembler}).
 */
package dev.fabricplanner.probe.run;
