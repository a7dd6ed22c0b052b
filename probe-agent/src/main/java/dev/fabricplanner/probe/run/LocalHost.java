package dev.fabricplanner.probe.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's stable id and name, as records and offers name it. */
public final class LocalHost {
  private LocalHost() {}

  /** The systemd machine id when there is one (stable across reboots and renames), else the hostname. */
  public static String id() {
    for (String file : new String[] {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
      try {
        String id = Files.readString(Path.of(file)).strip();
        if (!id.isEmpty()) {
          return id;
        }
      } catch (IOException | SecurityException e) {
        // try the next source
      }
    }
    return hostname();
  }

  /** The running kernel's boot id (new at every boot, shared by every process on the host), or "". */
  public static String bootId() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
    } catch (IOException | SecurityException e) {
      return "";
    }
  }

  public static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "localhost" : env;
    }
  }
}
