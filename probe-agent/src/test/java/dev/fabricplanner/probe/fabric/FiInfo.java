package dev.fabricplanner.probe.fabric;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What libfabric's own {@code fi_info} says about this host, so that tests expect what the host really
 * has: an RDMA host offers verbs or efa and must not fail a test written on a host without them.
 * Tests that need it are skipped, with the reason, where {@code fi_info} (libfabric-bin) is missing.
 */
public final class FiInfo {
  /** The RDMA profile's providers, in its order. */
  public static final List<String> RDMA = List.of("verbs", "efa", "cxi", "psm2", "psm3", "opx");

  private FiInfo() {}

  /** Providers built into this libfabric ({@code fi_info -l}). */
  public static Set<String> builtIn() {
    Result list = run("fi_info", "-l");
    assumeTrue(list.exit() == 0, () -> "fi_info -l failed: " + list.output());
    Set<String> names = new LinkedHashSet<>();
    for (String line : list.output().split("\n")) {
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.endsWith(":")) {
        names.add(line.substring(0, line.length() - 1));
      }
    }
    return names;
  }

  /** Whether fi_info finds a usable RDM endpoint of this provider on this host. */
  public static boolean offersRdm(String provider) {
    return run("fi_info", "-p", provider, "-t", "FI_EP_RDM").exit() == 0;
  }

  /** Whether fi_info finds a usable RDM endpoint of this provider with these capabilities (FI_MSG|FI_HMEM). */
  public static boolean offersRdmWith(String provider, String caps) {
    return run("fi_info", "-p", provider, "-t", "FI_EP_RDM", "-c", caps).exit() == 0;
  }

  /** The first RDMA provider not built into this libfabric; the test is skipped where all are. */
  public static String anRdmaProviderNotBuiltIn() {
    Set<String> built = builtIn();
    Optional<String> absent = RDMA.stream().filter(p -> !built.contains(p)).findFirst();
    assumeTrue(absent.isPresent(), "every RDMA provider is built into this libfabric");
    return absent.get();
  }

  /** The first RDMA provider built in but with no usable endpoint here; skipped where there is none. */
  public static String anRdmaProviderBuiltInWithoutHardware() {
    Set<String> built = builtIn();
    Optional<String> idle = RDMA.stream().filter(built::contains).filter(p -> !offersRdm(p)).findFirst();
    assumeTrue(idle.isPresent(), "no RDMA provider is built in without its hardware on this host");
    return idle.get();
  }

  private record Result(int exit, String output) {}

  private static Result run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assumeTrue(process.waitFor(30, TimeUnit.SECONDS), "fi_info did not finish within 30 s");
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      assumeTrue(false, "needs fi_info (libfabric-bin): " + e.getMessage());
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
