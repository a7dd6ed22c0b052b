package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class NvlinkMeshTest {
  private static final PciAddress G0 = new PciAddress(0, 0x18, 0);
  private static final PciAddress G1 = new PciAddress(0, 0x2a, 0);
  private static final PciAddress G2 = new PciAddress(0, 0x3a, 0);

  @Test
  void switchAttachedGpusAreJoinedByTheSmallerLinkCount() {
    // HGX H100: every GPU has 18 links, all to NVSwitches; one GPU lost two links.
    List<List<NvlinkRemote>> links = List.of(toSwitch(18), toSwitch(18), toSwitch(16));

    int[][] counts = NvlinkMesh.linkCounts(List.of(G0, G1, G2), links);

    assertThat(counts[0][1]).isEqualTo(18);
    assertThat(counts[1][0]).isEqualTo(18);
    assertThat(counts[0][2]).isEqualTo(16);
    assertThat(counts[2][1]).isEqualTo(16);
    assertThat(counts[1][1]).isZero();
  }

  @Test
  void directLinksCountPerPeerAndUnlinkedPairsHaveNone() {
    // A bridge pair (two RTX-style GPUs with 4 links between them) and a third GPU on PCIe only.
    List<NvlinkRemote> zeroToOne = Collections.nCopies(4, new NvlinkRemote(false, G1));
    List<NvlinkRemote> oneToZero = Collections.nCopies(4, new NvlinkRemote(false, G0));

    int[][] counts =
        NvlinkMesh.linkCounts(List.of(G0, G1, G2), List.of(zeroToOne, oneToZero, List.of()));

    assertThat(counts[0][1]).isEqualTo(4);
    assertThat(counts[0][2]).isZero();
    assertThat(counts[1][2]).isZero();
  }

  @Test
  void aLinkToAnUnknownDeviceCountsForNoPair() {
    List<NvlinkRemote> strange =
        List.of(new NvlinkRemote(false, new PciAddress(0, 0x99, 0)), new NvlinkRemote(false, null));

    int[][] counts = NvlinkMesh.linkCounts(List.of(G0, G1), List.of(strange, List.of()));

    assertThat(counts[0][1]).isZero();
  }

  @Test
  void pciAddressesFromCudaAndNvmlAgree() {
    assertThat(PciAddress.parse("0000:18:00.0")).isEqualTo(PciAddress.parse("00000000:18:00.0"));
    assertThat(PciAddress.parse("0001:DB:00.0")).isEqualTo(new PciAddress(1, 0xdb, 0));
  }

  private static List<NvlinkRemote> toSwitch(int n) {
    List<NvlinkRemote> links = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      links.add(new NvlinkRemote(true, new PciAddress(0, 0xe0 + i % 4, 0)));
    }
    return links;
  }
}
