package dev.fabricplanner.probe.campaign;

import dev.fabricplanner.probe.control.ControlClient;
import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlServer;
import dev.fabricplanner.probe.control.ControlSession;
import dev.fabricplanner.probe.control.InviteToken;
import dev.fabricplanner.probe.control.TokenFile;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.run.HostOffer;
import dev.fabricplanner.probe.run.JoinerQueue;
import dev.fabricplanner.probe.run.ProbeBackend;
import dev.fabricplanner.probe.run.ProbeSession;
import dev.fabricplanner.probe.run.SessionReport;
import dev.fabricplanner.probe.run.SessionTimeouts;
import dev.fabricplanner.core.InvalidInputException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One host's part in a campaign. Every host runs the same command over the same inventory and folder
 * (a folder all hosts reach: a shared file system, a volume), computes the same schedule, and works
 * through its own pairs in round order: where it serves, it waits for that peer to join; where it joins,
 * it reads the peer's token from the folder and joins. Tokens go through owner-only files in the folder,
 * never the command line. Each session ends in {@code sessionDone}, which writes this host's record.
 *
 * <p>Working in round order cannot deadlock: a pair of round r waits only on its two hosts, and each of
 * them has finished (or given up on) its pairs of earlier rounds, which by the same argument all end.
 */
public final class CampaignAgent {
  /** The folder all hosts share, and where each thing goes in it. */
  public record Folder(Path root) {
    public Path token(String hostId) {
      return root.resolve("tokens").resolve(hostId + ".token");
    }

    public Path record(String hostId) {
      return root.resolve("records").resolve(hostId + ".json");
    }

    public Path schedule() {
      return root.resolve("schedule.tsv");
    }
  }

  /** How this host's part went: the pairs it finished and, for each it did not, why. */
  public record Outcome(List<SessionReport> reports, List<String> missed) {}

  private static final Duration TOKEN_POLL = Duration.ofMillis(100);

  private final CampaignSchedule schedule;
  private final Folder folder;
  private final HostOffer offer;
  private final List<ProbeBackend> backends;
  private final SessionTimeouts timeouts;
  private final Duration wait;
  private final Consumer<String> progress;

  /**
   * @param offer this host's offer (its id must be in the schedule)
   * @param wait how long to wait for each peer (its token, its joining)
   */
  public CampaignAgent(
      CampaignSchedule schedule,
      Folder folder,
      HostOffer offer,
      List<ProbeBackend> backends,
      SessionTimeouts timeouts,
      Duration wait,
      Consumer<String> progress) {
    this.schedule = schedule;
    this.folder = folder;
    this.offer = offer;
    this.backends = List.copyOf(backends);
    this.timeouts = timeouts;
    this.wait = wait;
    this.progress = progress;
  }

  /**
   * Runs this host's pairs.
   *
   * @param control the QUIC transport for the listener and the joins
   * @param listen where this host listens for its joiners
   * @param advertised the address its token tells them to dial
   * @throws IOException when this host's token cannot be written to the folder
   */
  public Outcome run(
      QuicTransport control, InetSocketAddress listen, String advertised, Consumer<SessionReport> sessionDone)
      throws InterruptedException, IOException {
    List<CampaignSchedule.Assignment> mine = schedule.assignments(offer.hostId());
    int serving = (int) mine.stream().filter(CampaignSchedule.Assignment::serves).count();
    List<SessionReport> reports = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    ControlServer server = null;
    try {
      JoinerQueue queue = null;
      if (serving > 0) {
        server = ControlServer.start(control, listen, timeouts.message(), serving);
        TokenFile.write(folder.token(offer.hostId()), server.invite(advertised).encode());
        queue = new JoinerQueue(server, timeouts.message(), progress);
        progress.accept("listening on " + server.localAddress() + " for " + serving + " peer(s); token in "
            + folder.token(offer.hostId()));
      }
      for (CampaignSchedule.Assignment assignment : mine) {
        String label = "round " + assignment.round() + " of " + schedule.rounds() + ": "
            + (assignment.serves() ? "serving " : "joining ") + assignment.peer();
        progress.accept(label + " ...");
        try {
          SessionReport report = assignment.serves() ? serve(queue, assignment.peer()) : join(control, assignment.peer());
          reports.add(report);
          sessionDone.accept(report);
          progress.accept(label + ": done");
        } catch (ControlException | InvalidInputException e) {
          missed.add(label + ": " + e.getMessage());
          progress.accept(label + ": missed (" + e.getMessage() + ")");
        }
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
    return new Outcome(reports, missed);
  }

  private SessionReport serve(JoinerQueue queue, String peer) throws ControlException {
    JoinerQueue.Joiner joiner = queue.awaitHost(peer, wait);
    return new ProbeSession(joiner.session(), offer, backends, timeouts, progress).respondTo(joiner.offer());
  }

  private SessionReport join(QuicTransport control, String peer)
      throws ControlException, InvalidInputException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    String tried = null;
    ControlException last = null;
    // A token left by an earlier campaign in the same folder is replaced when the peer starts: a join
    // that fails is tried again once the file holds a different token, until the wait is over.
    while (System.nanoTime() < deadline) {
      Path file = folder.token(peer);
      String text = readToken(file);
      if (text == null || text.equals(tried)) {
        Thread.sleep(TOKEN_POLL.toMillis());
        continue;
      }
      tried = text;
      InviteToken token;
      try {
        token = InviteToken.decode(text);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(file + ": " + String.join("; ", e.problems()));
      }
      try {
        ControlSession session = ControlClient.join(control, token, timeouts.message());
        return new ProbeSession(session, offer, backends, timeouts, progress).initiate();
      } catch (ControlException e) {
        last = e;
      }
    }
    throw last != null ? last : new ControlException("no token from " + peer + " within " + wait.toSeconds() + " s");
  }

  private static String readToken(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
    } catch (IOException e) {
      return null; // not there yet, or being replaced: look again
    }
  }
}
