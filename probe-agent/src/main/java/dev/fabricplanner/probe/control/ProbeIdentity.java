package dev.fabricplanner.probe.control;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

/** The key and self-signed certificate one {@code serve} presents on its QUIC listeners. */
public record ProbeIdentity(PrivateKey privateKey, X509Certificate certificate) {

  /** A new identity for one serve session (a day is ample: an invite is used at once). */
  public static ProbeIdentity generate() {
    return SelfSignedCertificate.generate("probe-agent", Duration.ofDays(1));
  }

  /** The SHA-256 fingerprint the invite token carries and the joiner pins. */
  public CertificateFingerprint fingerprint() {
    return CertificateFingerprint.of(certificate);
  }
}
