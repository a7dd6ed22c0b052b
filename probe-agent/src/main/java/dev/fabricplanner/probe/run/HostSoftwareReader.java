package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.HostSoftware;
import dev.fabricplanner.probe.cuda.CudaVersions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What this host's figures are measured with ({@code host.software}): the agent's build commit, the
 * libfabric version it bound, the kernel and OS, and CUDA/NVML versions where present.
 */
public final class HostSoftwareReader {
  /** Written by the build (probe-agent/pom.xml) from {@code git describe}. */
  static final String BUILD_PROPERTIES = "/dev/fabricplanner/probe/build.properties";

  private HostSoftwareReader() {}

  /**
   * @param libfabricVersion fi_version of the libfabric this run bound, or null when it bound none
   * @param cuda the CUDA and NVML versions (or {@link CudaVersions#NONE})
   */
  public static HostSoftware read(String libfabricVersion, CudaVersions cuda) {
    return new HostSoftware(
        agentCommit(), libfabricVersion, kernel(), os(), cuda.runtime(), cuda.driver(), cuda.nvmlDriver());
  }

  /** The commit the agent was built from ("-dirty" when the tree had changes), or null when unknown. */
  public static String agentCommit() {
    try (InputStream in = HostSoftwareReader.class.getResourceAsStream(BUILD_PROPERTIES)) {
      if (in == null) {
        return null;
      }
      Properties properties = new Properties();
      properties.load(in);
      String commit = properties.getProperty("agent_commit", "").strip();
      return commit.isEmpty() || commit.equals("unknown") ? null : commit;
    } catch (IOException e) {
      return null;
    }
  }

  /** The kernel release, as {@code uname -r} prints it. */
  static String kernel() {
    String release = readFirstLine(Path.of("/proc/sys/kernel/osrelease"));
    return release != null ? release : System.getProperty("os.version", "unknown");
  }

  /**
   * The congestion control new TCP sockets get ({@code net.ipv4.tcp_congestion_control}), or null
   * where unreadable. It moves the figures of every provider that rides the kernel's TCP: on loopback
   * here BBR's pacing took tcp's 1 MiB ping-pong from 147 to 230 us or more, cubic has none
   * (PERFORMANCE.md), so a record says which ran.
   */
  static String tcpCongestionControl() {
    return readFirstLine(Path.of("/proc/sys/net/ipv4/tcp_congestion_control"));
  }

  /** PRETTY_NAME of /etc/os-release, else the JVM's os.name and version. */
  static String os() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          String value = line.substring("PRETTY_NAME=".length()).strip();
          return value.replaceAll("^\"|\"$", "");
        }
      }
    } catch (IOException | SecurityException e) {
      // fall through to what the JVM knows
    }
    return System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", "");
  }

  private static String readFirstLine(Path file) {
    try {
      String text = Files.readString(file).strip();
      return text.isEmpty() ? null : text;
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
