package dev.fabricplanner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.probe.cuda.NvlinkProfile;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.QuicTransportSettings;
import dev.fabricplanner.probe.run.LocalHost;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code probe-agent list}: what this host offers, without measuring anything. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Show what this host offers: libfabric providers and domains, GPUs, QUIC.")
final class ProbeListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print JSON for programs instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    LibfabricListing libfabric = LibfabricListing.discover();
    List<String> gpus = NvlinkProfile.describeHost();
    Map<String, String> quic;
    try (QuicTransport transport = new QuicTransport(QuicTransportSettings.forNetwork(), 1)) {
      quic = transport.describe();
    }
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = mapper.createObjectNode();
      root.putObject("host").put("id", LocalHost.id()).put("hostname", LocalHost.hostname());
      libfabric.addTo(root);
      gpus.forEach(root.putArray("gpus")::add);
      ObjectNode quicNode = root.putObject("quic");
      quic.forEach(quicNode::put);
      out.println(mapper.writeValueAsString(root));
    } else {
      out.println("host: " + LocalHost.hostname() + " (id " + LocalHost.id() + ")");
      out.println("libfabric:");
      libfabric.lines().forEach(line -> out.println("  " + line));
      out.println("GPUs:");
      gpus.forEach(line -> out.println("  " + line));
      out.println("QUIC: available (" + quic.get("io_transport") + "); network settings: " + quic);
    }
    out.flush();
    return 0;
  }
}
