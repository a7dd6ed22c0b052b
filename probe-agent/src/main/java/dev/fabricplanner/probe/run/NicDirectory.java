package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.LinkLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libfabric domain's NIC as the kernel describes it in sysfs: model, link layer, nominal speed, MTU
 * and NUMA node. RDMA domains (verbs, efa) are under {@code class/infiniband/<device>}, IP domains (tcp,
 * udp, sockets) under {@code class/net/<interface>}; shm is shared memory. Whatever sysfs does not say
 * (a virtual NIC reports speed -1, loopback none) stays null rather than guessed.
 */
public final class NicDirectory {
  /** What sysfs says about one NIC; any part may be null. */
  public record Nic(String model, LinkLayer linkLayer, Double nominalBytesPerSec, Integer mtu, Integer numaNode) {
    static final Nic UNKNOWN = new Nic(null, null, null, null, null);
  }

  private static final Pattern RATE = Pattern.compile("^([0-9.]+)\\s*Gb/sec");
  private final Path sys;

  /** @param sys the sysfs root ({@code /sys} on a real host) */
  public NicDirectory(Path sys) {
    this.sys = sys;
  }

  public static NicDirectory system() {
    return new NicDirectory(Path.of("/sys"));
  }

  /** The fabric with its NIC's model, link layer, nominal speed and (where it had none) NUMA node. */
  public Fabric describe(Fabric fabric) {
    if (fabric.backend() != Backend.LIBFABRIC) {
      return fabric;
    }
    Nic nic = nic(fabric.provider(), fabric.domainName());
    Fabric described = fabric.withNic(nic.model(), nic.linkLayer(), nic.nominalBytesPerSec());
    return fabric.numaNode() == null && nic.numaNode() != null ? described.withNumaNode(nic.numaNode()) : described;
  }

  /** The NIC behind a provider's domain. */
  public Nic nic(String provider, String domain) {
    String core = provider == null ? "" : provider.split(";")[0].toLowerCase(Locale.ROOT);
    if (core.equals("shm") || core.equals("sm2")) {
      return new Nic(null, LinkLayer.SHARED_MEMORY, null, null, null);
    }
    if (domain == null || domain.isBlank() || domain.contains("/")) {
      return Nic.UNKNOWN;
    }
    // efa names its domains after the device with a suffix per endpoint type (rdmap0s6-rdm).
    String device = domain.replaceAll("-(rdm|dgrm|xrc)$", "");
    Path rdma = sys.resolve("class/infiniband").resolve(device);
    if (Files.isDirectory(rdma)) {
      return rdmaNic(rdma);
    }
    Path net = sys.resolve("class/net").resolve(domain);
    if (Files.isDirectory(net)) {
      return netNic(net);
    }
    return Nic.UNKNOWN;
  }

  private Nic rdmaNic(Path device) {
    Path port = device.resolve("ports/1");
    String layer = read(port.resolve("link_layer"));
    LinkLayer linkLayer = layer == null ? null : switch (layer.toLowerCase(Locale.ROOT)) {
      case "infiniband" -> LinkLayer.INFINIBAND;
      case "ethernet" -> LinkLayer.ETHERNET;
      case "unspecified" -> LinkLayer.UNSPECIFIED;
      default -> null;
    };
    Double speed = null;
    String rate = read(port.resolve("rate")); // "400 Gb/sec (4X NDR)"
    if (rate != null) {
      Matcher m = RATE.matcher(rate);
      if (m.find()) {
        speed = Double.parseDouble(m.group(1)) * 1e9 / 8;
      }
    }
    String model = read(device.resolve("hca_type"));
    String driver = driverOf(device.resolve("device"));
    if (model == null) {
      model = driver;
    } else if (driver != null) {
      model = driver + " " + model;
    }
    return new Nic(model, linkLayer, speed, null, numaNode(device.resolve("device")));
  }

  private Nic netNic(Path net) {
    String type = read(net.resolve("type"));
    LinkLayer linkLayer = type == null ? null : switch (type) {
      case "1" -> LinkLayer.ETHERNET;
      case "32" -> LinkLayer.INFINIBAND;
      default -> null; // 772 is loopback: no NIC at all
    };
    Double speed = null;
    String mbits = read(net.resolve("speed")); // Mbit/s; -1 or unreadable on virtual NICs and loopback
    if (mbits != null && mbits.matches("[0-9]+") && Long.parseLong(mbits) > 0) {
      speed = Long.parseLong(mbits) * 1e6 / 8;
    }
    Integer mtu = null;
    String mtuText = read(net.resolve("mtu"));
    if (mtuText != null && mtuText.matches("[0-9]+")) {
      mtu = Integer.parseInt(mtuText);
    }
    Path device = net.resolve("device");
    String model = driverOf(device);
    String vendor = read(device.resolve("vendor"));
    String product = read(device.resolve("device"));
    if (model != null && vendor != null && product != null) {
      model = model + " " + vendor.replace("0x", "") + ":" + product.replace("0x", "");
    }
    return new Nic(model, linkLayer, speed, mtu, numaNode(device));
  }

  /** The driver's name (mlx5_core, ena, virtio_net), from the device's driver link. */
  private static String driverOf(Path device) {
    try {
      Path driver = device.resolve("driver");
      return Files.isSymbolicLink(driver) ? Files.readSymbolicLink(driver).getFileName().toString() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Integer numaNode(Path device) {
    String node = read(device.resolve("numa_node"));
    return node != null && node.matches("[0-9]+") ? Integer.valueOf(node) : null;
  }

  private static String read(Path file) {
    try {
      String text = Files.readString(file).strip();
      return text.isEmpty() ? null : text;
    } catch (IOException | SecurityException e) {
      return null; // absent, or EINVAL (speed of a link that is down or virtual)
    }
  }
}
