package dev.fabricplanner.probe.fabric;

/**
 * Whether a measurement's payloads arrived intact; only a VERIFIED figure is to be trusted.
 *
 * @param status VERIFIED, UNVERIFIED (nothing checked) or FAILED (a payload was wrong)
 * @param stampChecks messages whose two stamps were checked
 * @param contentChecks messages whose whole content was checked against its CRC32C
 * @param detail what went wrong, or null
 */
public record Verification(Status status, long stampChecks, long contentChecks, String detail) {
  public enum Status {
    VERIFIED,
    UNVERIFIED,
    FAILED
  }

  static Verification of(long stampChecks, long contentChecks, long stampErrors,
      long contentErrors) {
    if (stampErrors > 0 || contentErrors > 0) {
      return new Verification(Status.FAILED, stampChecks, contentChecks,
          stampErrors + " stamp and " + contentErrors + " content mismatches");
    }
    if (stampChecks == 0 && contentChecks == 0) {
      return new Verification(Status.UNVERIFIED, 0, 0, "no payload was checked");
    }
    return new Verification(Status.VERIFIED, stampChecks, contentChecks, null);
  }

  public boolean verified() {
    return status == Status.VERIFIED;
  }
}
