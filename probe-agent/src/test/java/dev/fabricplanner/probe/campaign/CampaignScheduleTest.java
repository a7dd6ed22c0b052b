package dev.fabricplanner.probe.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The campaign's sampling: every class pair covered, every host probed, never all N² pairs. */
class CampaignScheduleTest {

  /** {@code n} hosts spread over {@code classes} classes of unequal size (class i gets about i+1 shares). */
  private static HostInventory fleet(int n, int classes) throws InvalidInputException {
    List<String> lines = new ArrayList<>();
    int weightSum = classes * (classes + 1) / 2;
    int host = 0;
    for (int c = 0; c < classes; c++) {
      int size = c == classes - 1 ? n - host : Math.max(1, n * (c + 1) / weightSum);
      for (int i = 0; i < size; i++) {
        lines.add("h" + host++ + " class" + c);
      }
    }
    return HostInventory.parse("fleet", lines);
  }

  @Test
  void everyClassPairAndEveryHostIsCoveredWithLinearlyManyPairsAndNoHostTwiceInARound() throws Exception {
    for (int[] shape : new int[][] {{2, 1}, {4, 3}, {7, 2}, {64, 4}, {512, 6}}) {
      HostInventory inventory = fleet(shape[0], shape[1]);
      CampaignSchedule schedule = CampaignSchedule.of(inventory, 1);
      Map<String, String> classOf = new HashMap<>();
      inventory.hosts().forEach(h -> classOf.put(h.id(), h.hostClass()));

      Set<String> coveredClassPairs = new HashSet<>();
      Set<String> probed = new HashSet<>();
      Map<Integer, Set<String>> busy = new HashMap<>();
      Set<String> distinct = new HashSet<>();
      for (CampaignSchedule.Pair pair : schedule.pairs()) {
        assertThat(pair.server()).isNotEqualTo(pair.joiner());
        assertThat(distinct.add(pair.server() + "|" + pair.joiner())).as("pair twice: %s", pair).isTrue();
        String a = classOf.get(pair.server());
        String b = classOf.get(pair.joiner());
        coveredClassPairs.add(a.compareTo(b) <= 0 ? a + "/" + b : b + "/" + a);
        probed.add(pair.server());
        probed.add(pair.joiner());
        Set<String> round = busy.computeIfAbsent(pair.round(), r -> new HashSet<>());
        assertThat(round.add(pair.server()) && round.add(pair.joiner()))
            .as("a host twice in round %d", pair.round()).isTrue();
      }
      List<String> classes = inventory.classes();
      for (String a : classes) {
        for (String b : classes) {
          long sizeA = classOf.values().stream().filter(a::equals).count();
          if (a.compareTo(b) <= 0 && (!a.equals(b) || sizeA >= 2)) {
            assertThat(coveredClassPairs).as("%s hosts, class pair %s/%s", shape[0], a, b).contains(a + "/" + b);
          }
        }
      }
      assertThat(probed).as("every host probed").hasSize(inventory.hosts().size());
      int k = classes.size();
      assertThat(schedule.pairs().size()).isLessThanOrEqualTo(k * (k + 1) / 2 + inventory.hosts().size());
      assertThat(schedule.rounds()).isEqualTo(busy.size());
    }
    // 512 hosts in 6 classes: a few hundred pairs, not 130,816.
    CampaignSchedule big = CampaignSchedule.of(fleet(512, 6), 1);
    assertThat(big.pairs().size()).isBetween(256, 512 / 2 + 21);
  }

  @Test
  void theScheduleDependsOnTheInventoryAloneAndEachHostSeesItsOwnPart() throws Exception {
    HostInventory inventory =
        HostInventory.parse("hosts.txt", List.of("a1 gpu-a  # first", "a2 gpu-a", "", "b1 gpu-b", "c1 cpu"));
    CampaignSchedule one = CampaignSchedule.of(inventory, 1);
    CampaignSchedule two = CampaignSchedule.of(inventory, 1);
    assertThat(one).isEqualTo(two);
    assertThat(one.table()).isEqualTo(
        "round\tserver\tjoiner\twhy\n"
            + "1\ta1\ta2\tclass pair gpu-a/gpu-a\n"
            + "1\tb1\tc1\tclass pair gpu-b/cpu\n"
            + "2\ta1\tb1\tclass pair gpu-a/gpu-b\n"
            + "2\ta2\tc1\tclass pair gpu-a/cpu\n");
    assertThat(one.rounds()).isEqualTo(2);
    assertThat(one.assignments("c1")).containsExactly(
        new CampaignSchedule.Assignment(1, "b1", false), new CampaignSchedule.Assignment(2, "a2", false));
    assertThat(one.assignments("a1")).containsExactly(
        new CampaignSchedule.Assignment(1, "a2", true), new CampaignSchedule.Assignment(2, "b1", true));
  }

  @Test
  void morePairsPerClassPairSpreadOverTheClass() throws Exception {
    HostInventory inventory = HostInventory.parse("hosts", List.of("a1 x", "a2 x", "a3 x", "b1 y", "b2 y"));
    CampaignSchedule schedule = CampaignSchedule.of(inventory, 2);
    long crossPairs = schedule.pairs().stream().filter(p -> p.why().equals("class pair x/y")).count();
    assertThat(crossPairs).isEqualTo(2);
    Set<String> crossHosts = new HashSet<>();
    schedule.pairs().stream().filter(p -> p.why().equals("class pair x/y"))
        .forEach(p -> { crossHosts.add(p.server()); crossHosts.add(p.joiner()); });
    assertThat(crossHosts).hasSize(4); // two different hosts on each side, not one host twice
  }

  @Test
  void badInventoryLinesNameTheFileAndLine() {
    assertThatThrownBy(() -> HostInventory.parse("hosts.txt", List.of("a1 x", "a2", "a1 y", "b/1 z")))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems()).containsExactly(
            "hosts.txt:2: wants `HOST-ID CLASS`, got 1 field",
            "hosts.txt:3: host id 'a1' is listed twice",
            "hosts.txt:4: host id and class want letters, digits, '.', '_' or '-' (starting with a letter or digit)"));
    assertThatThrownBy(() -> HostInventory.parse("one.txt", List.of("# nothing", "a1 x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("one.txt: a campaign needs at least two hosts, found 1");
  }
}
