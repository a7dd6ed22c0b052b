/**
 * The probe's control plane: one authenticated QUIC connection between two agents.
 *
 * <p>{@link dev.fabricplanner.probe.control.ControlServer} ({@code serve}) makes a self-signed
 * certificate and an {@link dev.fabricplanner.probe.control.InviteToken}; {@link
 * dev.fabricplanner.probe.control.ControlClient} ({@code run --join}) pins the certificate's
 * fingerprint and proves the one-time secret. A control stream is a pipeline of small handlers: the
 * wire format ({@link dev.fabricplanner.probe.control.ControlWireFormat}: length-prefixed, size-limited,
 * versioned JSON), the protocol state machine ({@code ControlProtocol}, driven by {@code
 * ControlStreamHandler}), and the blocking, time-limited {@link
 * dev.fabricplanner.probe.control.ControlSession} the orchestration talks to. docs/PROBE.md describes
 * the messages and the security properties.
 */
package dev.fabricplanner.probe.control;
