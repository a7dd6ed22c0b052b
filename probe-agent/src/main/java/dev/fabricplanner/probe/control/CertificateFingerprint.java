package dev.fabricplanner.probe.control;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 over a certificate's DER encoding, written as 64 lower-case hex digits. */
public record CertificateFingerprint(String sha256Hex) {
  public CertificateFingerprint {
    sha256Hex = sha256Hex.toLowerCase(Locale.ROOT);
    if (!sha256Hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits, got " + sha256Hex);
    }
  }

  public static CertificateFingerprint of(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return new CertificateFingerprint(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint a certificate", e);
    }
  }

  /** Constant-time comparison, so a probe of the pin learns nothing from timing. */
  public boolean matches(X509Certificate certificate) {
    return MessageDigest.isEqual(
        sha256Hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        of(certificate).sha256Hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "sha256:" + sha256Hex;
  }
}
