package dev.fabricplanner.probe.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one-time secret of an invite. It never crosses the wire: the joiner proves it with an HMAC over
 * the server's fresh nonce, so a recorded proof cannot be replayed against another connection.
 */
public final class InviteSecret {
  static final int BYTES = 32;
  private static final byte[] CONTEXT = "fabric-planner probe-agent auth v1".getBytes(StandardCharsets.US_ASCII);

  private final byte[] key;

  private InviteSecret(byte[] key) {
    this.key = key.clone();
  }

  public static InviteSecret random() {
    byte[] key = new byte[BYTES];
    new SecureRandom().nextBytes(key);
    return new InviteSecret(key);
  }

  static InviteSecret decode(String base64url) {
    byte[] key;
    try {
      key = Base64.getUrlDecoder().decode(base64url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not base64url");
    }
    if (key.length != BYTES) {
      throw new IllegalArgumentException("has " + key.length + " bytes, want " + BYTES);
    }
    return new InviteSecret(key);
  }

  String encoded() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /** HMAC-SHA256(secret, context || nonce): the proof the joiner sends first. */
  byte[] prove(byte[] serverNonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(CONTEXT);
      return mac.doFinal(serverNonce);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** Constant-time check of a proof against the nonce this side issued. */
  boolean verifies(byte[] serverNonce, byte[] proof) {
    return proof != null && MessageDigest.isEqual(prove(serverNonce), proof);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InviteSecret that && MessageDigest.isEqual(key, that.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "InviteSecret[hidden]";
  }
}
