package dev.fabricplanner.cli;

import dev.fabricplanner.core.AtomicFile;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.probe.cuda.NvlinkProfile;
import dev.fabricplanner.probe.campaign.CampaignAgent;
import dev.fabricplanner.probe.campaign.CampaignSchedule;
import dev.fabricplanner.probe.campaign.HostInventory;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.QuicTransportSettings;
import dev.fabricplanner.probe.run.BackendCatalog;
import dev.fabricplanner.probe.run.HostOffer;
import dev.fabricplanner.probe.run.LocalHost;
import dev.fabricplanner.probe.run.ProbeOptions;
import dev.fabricplanner.probe.run.SessionReport;
import dev.fabricplanner.probe.run.SessionTimeouts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code probe-agent campaign}: this host's part in probing a fleet. Run it on every host of the
 * inventory (by hand, {@code srun}, a Kubernetes Indexed Job) with the same {@code --hosts} and
 * {@code --dir}; see {@link CampaignSchedule} for which pairs are probed.
 */
@Command(
    name = "campaign",
    mixinStandardHelpOptions = true,
    description = {
      "Probe a fleet: run this on every host of --hosts with the same --dir (a folder they all reach).",
      "The hosts probe a schedule of pairs that covers every pair of host classes, never two "
          + "tests at once on one host, and each writes DIR/records/<host-id>.json for `planner plan "
          + "--records DIR/records`."
    })
final class ProbeCampaignCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin ProbeSelection asked;

  @Option(names = "--hosts", paramLabel = "FILE", required = true,
      description = "The inventory: one `HOST-ID CLASS` per line (# comments).")
  Path hosts;

  @Option(names = "--dir", paramLabel = "DIR", required = true,
      description = "The campaign folder every host reaches: tokens/ (owner-only), records/, schedule.tsv.")
  Path dir;

  @Option(names = "--host-id", paramLabel = "ID", description = "This host's id in the inventory (default: /etc/machine-id, else the hostname).")
  String hostId;

  @Option(names = "--pairs-per-class-pair", paramLabel = "M", defaultValue = "1",
      description = "Host pairs to probe for each pair of classes (default: 1).")
  int pairsPerClassPair;

  @Option(names = "--schedule-only", description = "Print the schedule (and write DIR/schedule.tsv) without probing.")
  boolean scheduleOnly;

  @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "0.0.0.0:0",
      description = "Where this host listens for the peers it serves (default: all addresses, a free port).")
  String listen;

  @Option(names = "--advertise", paramLabel = "ADDR", description = "The address this host's token tells peers to dial.")
  String advertise;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "600",
      description = "How long to wait for each peer: its token, its join (default: 600).")
  long waitSeconds;

  @Override
  public Integer call() throws InvalidInputException {
    ProbeOptions options = asked.parse();
    if (pairsPerClassPair < 1 || pairsPerClassPair > 64) {
      throw new InvalidInputException("--pairs-per-class-pair: " + pairsPerClassPair + " is outside 1..64");
    }
    if (waitSeconds < 1) {
      throw new InvalidInputException("--wait: " + waitSeconds + " is not a positive number of seconds");
    }
    InetSocketAddress address = ProbeServeCommand.parseListen(listen);
    HostInventory inventory = HostInventory.read(hosts);
    String id = hostId != null && !hostId.isBlank() ? hostId.strip() : LocalHost.id();
    if (!scheduleOnly && inventory.host(id).isEmpty()) {
      throw new InvalidInputException(
          "--host-id: '" + id + "' is not in " + hosts + " (want one of its host ids)");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CampaignSchedule schedule = CampaignSchedule.of(inventory, pairsPerClassPair);
    CampaignAgent.Folder folder = new CampaignAgent.Folder(dir);
    try {
      AtomicFile.writeString(folder.schedule(), schedule.table()); // the same bytes from every host
    } catch (IOException e) {
      throw new InvalidInputException("--dir: cannot write " + folder.schedule() + ": " + e.getMessage());
    }
    if (scheduleOnly) {
      out.print(schedule.table());
      out.printf("%d pairs in %d rounds for %d hosts in %d classes (all pairs would be %d)%n",
          schedule.pairs().size(), schedule.rounds(), inventory.hosts().size(), inventory.classes().size(),
          inventory.hosts().size() * (inventory.hosts().size() - 1) / 2);
      out.flush();
      return 0;
    }
    boolean loopback = address.getAddress().isLoopbackAddress();
    QuicTransportSettings settings = loopback ? QuicTransportSettings.forLoopback() : QuicTransportSettings.forNetwork();
    try (QuicTransport control = new QuicTransport(settings, 1);
        QuicTransport stage = new QuicTransport(settings, Math.max(2, settings.bulkConnections()))) {
      BackendCatalog.Selection selection =
          BackendCatalog.select(options, stage, loopback ? "loopback" : "lan", line -> ProbeRunCommand.progress(err, line));
      HostOffer offer = HostOffer.of(id, LocalHost.hostname(), selection.backends(), ProbeOutput.gpuSummary(options));
      String advertised = advertise != null ? advertise : ProbeServeCommand.advertisedHost(address);
      List<SessionReport> reports = new ArrayList<>();
      CampaignAgent agent =
          new CampaignAgent(schedule, folder, offer, selection.backends(), SessionTimeouts.standard(),
              Duration.ofSeconds(waitSeconds), line -> ProbeRunCommand.progress(err, line));
      CampaignAgent.Outcome outcome =
          agent.run(control, address, advertised, report -> {
            reports.add(report);
            out.println("with peer " + report.peer().hostId() + ":");
            ProbeOutput.printOutcomes(report, out);
            // After every pair, so a campaign stopped part-way keeps what it measured.
            ProbeOutput.write(ProbeOutput.buildRecord(reports, null, selection), folder.record(id), out);
          });
      outcome.missed().forEach(line -> err.println("probe-agent campaign: " + line));
      if (reports.isEmpty()) {
        err.println("probe-agent campaign: no pair of " + id + " was probed; no record written");
        return 1;
      }
      NvlinkProfile.Result cuda = ProbeOutput.cudaProfile(options, id, null, err);
      if (cuda != null) {
        cuda.lines().forEach(out::println);
      }
      CapabilityRecord record = ProbeOutput.buildRecord(reports, cuda, selection);
      ProbeOutput.printShortfalls(record, out);
      ProbeOutput.write(record, folder.record(id), out);
      return outcome.missed().isEmpty() ? 0 : 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (UncheckedIOException | IOException e) {
      err.println("probe-agent campaign: " + e.getMessage());
      return 1;
    }
  }
}
