package dev.fabricplanner.probe.campaign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which host pairs a campaign probes, and when. Probing all N(N-1)/2 pairs does not scale (a 512-host
 * fleet would need 130,816 sessions); what the planner needs is a measured link for every pair of host
 * classes, since hosts of one class measure alike. So:
 *
 * <ol>
 *   <li>for every pair of classes (a class with itself included, when it has two hosts or more) take
 *       {@code perClassPair} host pairs, each time choosing the hosts of those classes that are in the
 *       fewest pairs so far (ties: inventory order), so the work spreads over the class;
 *   <li>then pair every host still in no pair with the least-used other host of its own class (or, in a
 *       class of one, of any class), so every host writes a record;
 *   <li>place the pairs in rounds, each in the first round where neither of its hosts is busy, so no
 *       host takes part in two tests at once (the figures would share its CPU and NIC).
 * </ol>
 *
 * With K classes that is at most {@code perClassPair × K(K+1)/2 + N} pairs, whatever N is. In each pair
 * the host listed first in the inventory serves and the other joins and drives the tests; both record
 * the link. The schedule depends on the inventory alone, so every host computes the same one.
 */
public record CampaignSchedule(List<Pair> pairs, int rounds) {
  /** One probed pair: {@code server} answers, {@code joiner} drives the tests, in round {@code round}. */
  public record Pair(int round, String server, String joiner, String why) {}

  /** A host's part in one pair. */
  public record Assignment(int round, String peer, boolean serves) {}

  public CampaignSchedule {
    pairs = List.copyOf(pairs);
  }

  public static CampaignSchedule of(HostInventory inventory, int perClassPair) {
    if (perClassPair < 1) {
      throw new IllegalArgumentException("perClassPair must be at least 1, not " + perClassPair);
    }
    List<HostInventory.Host> hosts = inventory.hosts();
    int[] used = new int[hosts.size()];
    Set<Long> chosen = new HashSet<>();
    List<int[]> picked = new ArrayList<>(); // host indices, with the reason beside them
    List<String> reasons = new ArrayList<>();
    List<String> classes = inventory.classes();
    for (int i = 0; i < classes.size(); i++) {
      for (int j = i; j < classes.size(); j++) {
        for (int n = 0; n < perClassPair; n++) {
          int a = leastUsed(hosts, used, classes.get(i), -1, chosen, -1);
          int b = a < 0 ? -1 : leastUsed(hosts, used, classes.get(j), a, chosen, a);
          if (a < 0 || b < 0) {
            break; // a class of one with itself, or every pair between these classes already taken
          }
          take(a, b, used, chosen, picked);
          reasons.add("class pair " + classes.get(i) + "/" + classes.get(j));
        }
      }
    }
    for (int h = 0; h < hosts.size(); h++) {
      if (used[h] > 0) {
        continue;
      }
      String own = hosts.get(h).hostClass();
      int partner = leastUsed(hosts, used, own, h, chosen, h);
      if (partner < 0) {
        partner = leastUsed(hosts, used, null, h, chosen, h);
      }
      if (partner >= 0) {
        take(h, partner, used, chosen, picked);
        reasons.add("so that " + hosts.get(h).id() + " is probed");
      }
    }
    // Rounds: the first in which neither host is busy.
    List<Set<Integer>> busy = new ArrayList<>();
    List<Pair> pairs = new ArrayList<>();
    for (int p = 0; p < picked.size(); p++) {
      int a = picked.get(p)[0];
      int b = picked.get(p)[1];
      int round = 0;
      while (round < busy.size() && (busy.get(round).contains(a) || busy.get(round).contains(b))) {
        round++;
      }
      if (round == busy.size()) {
        busy.add(new HashSet<>());
      }
      busy.get(round).add(a);
      busy.get(round).add(b);
      int server = Math.min(a, b);
      int joiner = Math.max(a, b);
      pairs.add(new Pair(round + 1, hosts.get(server).id(), hosts.get(joiner).id(), reasons.get(p)));
    }
    pairs.sort(Comparator.comparingInt(Pair::round)); // stable: within a round, the order they were chosen
    return new CampaignSchedule(pairs, busy.size());
  }

  /** What one host does, round by round. */
  public List<Assignment> assignments(String hostId) {
    List<Assignment> mine = new ArrayList<>();
    for (Pair pair : pairs) {
      if (pair.server().equals(hostId)) {
        mine.add(new Assignment(pair.round(), pair.joiner(), true));
      } else if (pair.joiner().equals(hostId)) {
        mine.add(new Assignment(pair.round(), pair.server(), false));
      }
    }
    return mine;
  }

  /** The schedule as a table for people: round, server, joiner, why. */
  public String table() {
    StringBuilder text = new StringBuilder("round\tserver\tjoiner\twhy\n");
    for (Pair pair : pairs) {
      text.append(pair.round()).append('\t').append(pair.server()).append('\t').append(pair.joiner())
          .append('\t').append(pair.why()).append('\n');
    }
    return text.toString();
  }

  /**
   * The least-used host of {@code hostClass} (any class when null) other than {@code not}, not already
   * paired with {@code with}; -1 when there is none.
   */
  private static int leastUsed(
      List<HostInventory.Host> hosts, int[] used, String hostClass, int not, Set<Long> chosen, int with) {
    int best = -1;
    for (int h = 0; h < hosts.size(); h++) {
      if (h == not || (hostClass != null && !hosts.get(h).hostClass().equals(hostClass))) {
        continue;
      }
      if (with >= 0 && chosen.contains(key(h, with))) {
        continue;
      }
      if (best < 0 || used[h] < used[best]) {
        best = h;
      }
    }
    return best;
  }

  private static void take(int a, int b, int[] used, Set<Long> chosen, List<int[]> picked) {
    used[a]++;
    used[b]++;
    chosen.add(key(a, b));
    picked.add(new int[] {a, b});
  }

  private static long key(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }
}
