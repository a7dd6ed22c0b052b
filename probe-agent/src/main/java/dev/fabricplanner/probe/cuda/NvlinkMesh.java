package dev.fabricplanner.probe.cuda;

import java.util.List;

/**
 * Counts the NVLinks joining each pair of GPUs from every GPU's active links. A link whose far end
 * is a GPU counts for that GPU; links to NVSwitches join every pair of switch-attached GPUs with
 * min(links of a, links of b), assuming the switches are interconnected, as nvidia-smi's NV18 on an
 * HGX H100 board and PyTorch's NVLink mesh detection both do.
 */
public final class NvlinkMesh {
  private NvlinkMesh() {}

  /**
   * @param addresses each GPU's own PCI address, by index
   * @param links each GPU's active links, by index
   * @return counts[a][b], symmetric; the diagonal is 0
   */
  public static int[][] linkCounts(List<PciAddress> addresses, List<List<NvlinkRemote>> links) {
    int n = addresses.size();
    int[][] counts = new int[n][n];
    int[] switchLinks = new int[n];
    for (int a = 0; a < n; a++) {
      for (NvlinkRemote remote : links.get(a)) {
        if (remote.toSwitch()) {
          switchLinks[a]++;
          continue;
        }
        int b = remote.address() == null ? -1 : addresses.indexOf(remote.address());
        if (b >= 0 && b != a) {
          counts[a][b]++;
        }
      }
    }
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        // Each direct link is seen from both ends; keep the smaller view in case one end hid a
        // link.
        int direct = Math.min(counts[a][b], counts[b][a]);
        int viaSwitch = Math.min(switchLinks[a], switchLinks[b]);
        counts[a][b] = direct + viaSwitch;
        counts[b][a] = direct + viaSwitch;
      }
    }
    return counts;
  }
}
