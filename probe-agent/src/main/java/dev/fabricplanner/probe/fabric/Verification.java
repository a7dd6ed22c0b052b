package dev.fabricplanner.probe.fabric;

import java.util.ArrayList;
import java.util.List;

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

  /**
   * Two checks of one test together (say the pings, checked by the responder, and the pongs):
   * counts added; FAILED if either failed, the detail naming which; VERIFIED if either checked
   * something and neither failed.
   */
  static Verification combined(String firstName, Verification first, String secondName,
      Verification second) {
    long stamps = first.stampChecks + second.stampChecks;
    long contents = first.contentChecks + second.contentChecks;
    if (first.status == Status.FAILED || second.status == Status.FAILED) {
      List<String> details = new ArrayList<>();
      if (first.status == Status.FAILED) {
        details.add(firstName + ": " + first.detail);
      }
      if (second.status == Status.FAILED) {
        details.add(secondName + ": " + second.detail);
      }
      return new Verification(Status.FAILED, stamps, contents, String.join("; ", details));
    }
    if (stamps == 0 && contents == 0) {
      return new Verification(Status.UNVERIFIED, 0, 0, "no payload was checked");
    }
    return new Verification(Status.VERIFIED, stamps, contents, null);
  }

  public boolean verified() {
    return status == Status.VERIFIED;
  }
}
