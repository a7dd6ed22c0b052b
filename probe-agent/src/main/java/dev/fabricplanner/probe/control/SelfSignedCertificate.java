package dev.fabricplanner.probe.control;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Makes the self-signed ECDSA P-256 certificate that {@code probe-agent serve} presents. Written as DER
 * with the JDK alone: Netty's own generator needs BouncyCastle or the JDK's internal
 * {@code sun.security.x509}, which Java 17 no longer opens to applications. Trust never rests on this
 * certificate's contents: the joining side pins its SHA-256 fingerprint from the invite token.
 */
final class SelfSignedCertificate {
  private static final byte[] OID_ECDSA_WITH_SHA256 = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 4, 3, 2};
  private static final byte[] OID_COMMON_NAME = {0x55, 4, 3};
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private SelfSignedCertificate() {}

  /** A fresh key pair and a certificate for it, valid from an hour ago for {@code lifetime}. */
  static ProbeIdentity generate(String commonName, Duration lifetime) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair keys = generator.generateKeyPair();

      byte[] serial = new byte[16];
      new SecureRandom().nextBytes(serial);
      serial[0] &= 0x7F; // a positive serial number
      Instant now = Instant.now();
      byte[] algorithm = sequence(oid(OID_ECDSA_WITH_SHA256));
      byte[] name = sequence(set(sequence(oid(OID_COMMON_NAME), utf8(commonName))));
      byte[] tbs =
          sequence(
              tagged(0, integer(BigInteger.valueOf(2).toByteArray())),
              integer(serial),
              algorithm,
              name,
              sequence(utcTime(now.minus(Duration.ofHours(1))), utcTime(now.plus(lifetime))),
              name,
              keys.getPublic().getEncoded());

      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(tbs);
      byte[] der = sequence(tbs, algorithm, bitString(signer.sign()));

      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
      certificate.verify(keys.getPublic());
      return new ProbeIdentity(keys.getPrivate(), certificate);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make an ECDSA P-256 certificate", e);
    }
  }

  private static byte[] sequence(byte[]... parts) {
    return element(0x30, concat(parts));
  }

  private static byte[] set(byte[]... parts) {
    return element(0x31, concat(parts));
  }

  private static byte[] tagged(int tag, byte[] content) {
    return element(0xA0 | tag, content);
  }

  private static byte[] integer(byte[] value) {
    return element(0x02, value);
  }

  private static byte[] oid(byte[] encoded) {
    return element(0x06, encoded);
  }

  private static byte[] utf8(String text) {
    return element(0x0C, text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] utcTime(Instant instant) {
    return element(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] bitString(byte[] bits) {
    return element(0x03, concat(new byte[] {0}, bits));
  }

  private static byte[] element(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      byte[] lengthBytes = BigInteger.valueOf(length).toByteArray();
      int skip = lengthBytes[0] == 0 ? 1 : 0;
      out.write(0x80 | (lengthBytes.length - skip));
      out.write(lengthBytes, skip, lengthBytes.length - skip);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
