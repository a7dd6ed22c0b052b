package dev.fabricplanner.probe.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What {@code probe-agent serve} prints and {@code run --join} takes: where to connect, which certificate
 * to pin and the one-time secret to prove. Written as base64url of a small JSON object, so it survives
 * copy and paste through a shell.
 */
public record InviteToken(
    String host, int port, CertificateFingerprint fingerprint, InviteSecret secret, int version) {

  /** The token layout this build writes and reads. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  public String encode() {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", version);
    node.put("address", host);
    node.put("port", port);
    node.put("sha256", fingerprint.sha256Hex());
    node.put("secret", secret.encoded());
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a token given on the command line; each problem names the field of {@code --join}. */
  public static InviteToken decode(String token) throws InvalidInputException {
    JsonNode node;
    try {
      node = JSON.readTree(Base64.getUrlDecoder().decode(token.strip()));
    } catch (IllegalArgumentException | IOException e) {
      throw new InvalidInputException(
          "--join: not an invite token (want the base64url text `probe-agent serve` printed)");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("--join: the token does not hold a JSON object");
    }
    List<String> problems = new ArrayList<>();
    int version = node.path("version").asInt(-1);
    if (version != VERSION) {
      problems.add("--join: token field `version` is " + node.path("version") + ", want " + VERSION);
    }
    String host = node.path("address").asText("");
    if (host.isBlank()) {
      problems.add("--join: token field `address` is missing (want the server's IP address)");
    }
    int port = node.path("port").asInt(-1);
    if (port < 1 || port > 65535) {
      problems.add("--join: token field `port` is " + node.path("port") + ", want 1..65535");
    }
    String sha = node.path("sha256").asText("");
    if (!sha.matches("[0-9a-fA-F]{64}")) {
      problems.add("--join: token field `sha256` is not a 64-hex-digit certificate fingerprint");
    }
    InviteSecret secret = null;
    try {
      secret = InviteSecret.decode(node.path("secret").asText(""));
    } catch (IllegalArgumentException e) {
      problems.add("--join: token field `secret` " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return new InviteToken(host, port, new CertificateFingerprint(sha), secret, version);
  }
}
