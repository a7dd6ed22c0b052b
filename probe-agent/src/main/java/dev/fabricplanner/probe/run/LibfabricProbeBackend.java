package dev.fabricplanner.probe.run;

import dev.fabricplanner.probe.jvm.CompilerWatch;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.EndpointType;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.probe.fabric.DeviceMemory;
import dev.fabricplanner.probe.fabric.FabricEndpoint;
import dev.fabricplanner.probe.fabric.FabricException;
import dev.fabricplanner.probe.fabric.FabricProvider;
import dev.fabricplanner.probe.fabric.GpuMemoryPingPong;
import dev.fabricplanner.probe.fabric.LatencyPoint;
import dev.fabricplanner.probe.fabric.Libfabric;
import dev.fabricplanner.probe.fabric.LinkRecords;
import dev.fabricplanner.probe.fabric.PassiveEndpoint;
import dev.fabricplanner.probe.fabric.PayloadInitiator;
import dev.fabricplanner.probe.fabric.PayloadResponder;
import dev.fabricplanner.probe.fabric.PeerBarrier;
import dev.fabricplanner.probe.fabric.ProbeProfile;
import dev.fabricplanner.probe.fabric.ProviderQuery;
import dev.fabricplanner.probe.fabric.ProviderResult;
import dev.fabricplanner.probe.fabric.TestPlan;
import dev.fabricplanner.probe.fabric.ThroughputPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One libfabric provider (provider, endpoint type, fabric, domain) as a session backend: each side opens
 * an endpoint, the names ({@code fi_getname}) cross the control stream as base64, each side
 * {@code fi_av_insert}s the other's, and the libfabric engineer's {@link PayloadInitiator} and
 * {@link PayloadResponder} run with their phase barrier carried by control messages. MSG endpoints are
 * connected instead: the responder listens on a {@link PassiveEndpoint} and sends its name, the initiator
 * connects to it, the responder accepts.
 */
public final class LibfabricProbeBackend implements ProbeBackend {
  private final Libfabric library;
  private final FabricProvider provider;
  private final TestPlan plan;

  public LibfabricProbeBackend(Libfabric library, FabricProvider provider, TestPlan plan) {
    this.library = library;
    this.provider = provider;
    this.plan = plan;
  }

  /** Peers match on provider, endpoint type and fabric name: the record's shared-fabric rule. */
  @Override
  public String key() {
    return "libfabric/" + provider.provider() + "/" + provider.endpointType().cliName() + "/" + provider.fabric();
  }

  @Override
  public Fabric fabric() {
    return LinkRecords.fabric(provider);
  }

  /** The GPU-memory ping-pong on this backend's provider, between buffers on one GPU of this host. */
  GpuMemoryPingPong.Result measureGpuMemory(DeviceMemory gpu, String srcNode)
      throws FabricException, InterruptedException {
    ProviderQuery query = provider.query();
    if (srcNode != null && ProbeProfile.usesIpAddresses(provider.coreProvider())) {
      query = query.withSrcNode(srcNode);
    }
    return new GpuMemoryPingPong(library, plan.sizes(), 1000, plan.timeout()).run(query, gpu);
  }

  boolean reliableDatagrams() {
    return provider.endpointType() == dev.fabricplanner.probe.fabric.EndpointType.RDM;
  }

  static EndpointType endpointType(String cliName) {
    return EndpointType.valueOf(cliName.toUpperCase(Locale.ROOT));
  }

  @Override
  public BackendRole initiator(PeerContext peer) {
    return new Role(true);
  }

  @Override
  public BackendRole responder(PeerContext peer) {
    return new Role(false);
  }

  /**
   * Either side: the endpoint is opened in {@link #open} (for MSG the responder's listener there, and
   * the connection in {@link #run}) and closed in {@link #close}.
   */
  private final class Role implements BackendRole {
    private final boolean initiator;
    private final boolean connected = provider.endpointType() == dev.fabricplanner.probe.fabric.EndpointType.MSG;
    private PassiveEndpoint listener;
    private FabricEndpoint endpoint;

    Role(boolean initiator) {
      this.initiator = initiator;
    }

    @Override
    public ObjectNode open() throws BackendFailure {
      try {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        if (!connected) {
          endpoint = FabricEndpoint.open(library, provider.query(), plan.rmaWrite());
          details.put("endpoint_name", Base64.getEncoder().encodeToString(endpoint.localName()));
        } else if (!initiator) {
          listener = PassiveEndpoint.listen(library, provider.query(), plan.rmaWrite());
          details.put("endpoint_name", Base64.getEncoder().encodeToString(listener.name()));
        }
        if (initiator) {
          details.set("plan", TestPlanJson.write(plan)); // both sides must run the same phases
        }
        return details;
      } catch (FabricException | RuntimeException e) {
        String what = connected && !initiator ? "listen on" : "open";
        throw new BackendFailure("cannot " + what + " a " + provider.provider() + " endpoint: " + e.getMessage(), e);
      }
    }

    @Override
    public Optional<BackendMeasurement> run(ObjectNode peerDetails, PhaseBarrier barrier) throws BackendFailure {
      TestPlan agreed = plan;
      if (!initiator) {
        try {
          agreed = TestPlanJson.read(peerDetails.path("plan"));
        } catch (IllegalArgumentException e) {
          throw new BackendFailure("the peer's test plan is unreadable: " + e.getMessage());
        }
      }
      long peerAddress = connected ? connect(peerDetails, agreed) : insertPeer(peerDetails);
      PeerBarrier fabricBarrier =
          phase -> {
            try {
              barrier.await(phase);
            } catch (BackendFailure e) {
              throw new FabricException(e.getMessage());
            }
          };
      if (!initiator) {
        try {
          new PayloadResponder(endpoint, peerAddress, agreed, fabricBarrier).run();
          return Optional.empty();
        } catch (FabricException | RuntimeException e) {
          throw new BackendFailure(e.getMessage(), e);
        }
      }
      ProviderResult result = new PayloadInitiator(endpoint, peerAddress, plan, fabricBarrier).run();
      if (result.status() != ProviderResult.Status.PASSED) {
        throw new BackendFailure(result.reason() == null ? "the payload test failed" : result.reason());
      }
      return Optional.of(measurement(result));
    }

    private long insertPeer(ObjectNode peerDetails) throws BackendFailure {
      try {
        return endpoint.insertPeer(peerName(peerDetails));
      } catch (FabricException e) {
        throw new BackendFailure("fi_av_insert of the peer's endpoint name failed: " + e.getMessage(), e);
      }
    }

    /** MSG: the initiator connects to the responder's listener, which accepts; both within the plan's timeout. */
    private long connect(ObjectNode peerDetails, TestPlan agreed) throws BackendFailure {
      try {
        endpoint =
            initiator
                ? FabricEndpoint.connect(library, provider.query(), peerName(peerDetails), plan.rmaWrite(), plan.timeout())
                : listener.accept(agreed.timeout());
        return endpoint.connectedPeer();
      } catch (FabricException | RuntimeException e) {
        throw new BackendFailure("no " + provider.provider() + " msg connection: " + e.getMessage(), e);
      }
    }

    private byte[] peerName(ObjectNode peerDetails) throws BackendFailure {
      try {
        byte[] name = Base64.getDecoder().decode(peerDetails.path("endpoint_name").asText(""));
        if (name.length == 0) {
          throw new BackendFailure("the peer sent no endpoint name");
        }
        return name;
      } catch (IllegalArgumentException e) {
        throw new BackendFailure("the peer's endpoint name is not base64");
      }
    }

    @Override
    public void close() {
      try {
        if (endpoint != null) {
          endpoint.close(); // an accepted endpoint lives on the listener's fabric: it goes first
        }
      } finally {
        if (listener != null) {
          listener.close();
        }
      }
    }
  }

  private BackendMeasurement measurement(ProviderResult result) throws BackendFailure {
    // The libfabric engineer's converter decides which sizes make samples; the session only carries them.
    LinkMeasurement link =
        LinkRecords.measurement(result, Endpoint.hostMemory("initiator"), Endpoint.hostMemory("responder"), null, Instant.now());
    if (!link.ok()) {
      throw new BackendFailure(link.reason());
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("provider", provider.provider());
    settings.put("domain", provider.domain());
    settings.put("endpoint_type", provider.endpointType().cliName());
    // The JIT tiers move the means: C2's long compiles took a CPU from the polling loops (PERFORMANCE.md).
    settings.put("jit_tiers", CompilerWatch.tiers());
    String congestionControl = HostSoftwareReader.tcpCongestionControl();
    if (ridesKernelTcp(provider) && congestionControl != null) {
      settings.put("tcp_congestion_control", congestionControl);
    }
    // fi_pingpong reports a mean (usec/xfer): the same statistic of ours, so the two compare like with like.
    for (LatencyPoint point : result.latency()) {
      if (point.pingPongMegabytesPerSecond() > 0) {
        double meanOneWayMicros = point.bytes() / (point.pingPongMegabytesPerSecond() * (1 << 20)) * 1e6;
        settings.put("pingpong_mean_us_" + point.bytes() + "B", String.format(Locale.ROOT, "%.3f", meanOneWayMicros));
      }
    }
    for (ThroughputPoint batch : result.batches()) {
      settings.put("batch_" + batch.window() + "x" + batch.bytes() + "B", String.format("%.3f GB/s", batch.medianRoundGigabytesPerSecond()));
    }
    for (ThroughputPoint rma : result.rmaWrite()) {
      settings.put("rma_write_" + rma.bytes() + "B", String.format("%.3f GB/s", rma.medianRoundGigabytesPerSecond()));
    }
    for (int i = 0; i < result.notes().size(); i++) {
      settings.put("note_" + (i + 1), result.notes().get(i));
    }
    return new BackendMeasurement(
        link.sweep(), link.warmupIterations(), link.payloadVerified(), link.facts(), link.srcDomain(), null, settings);
  }

  /**
   * tcp, net (libfabric 1.17's xnet) and sockets carry messages on kernel TCP sockets, except
   * sockets' datagram endpoints (UDP). The core provider, before any utility layer, is the transport.
   */
  static boolean ridesKernelTcp(FabricProvider provider) {
    String core = provider.provider().split(";")[0];
    return Set.of("tcp", "net", "sockets").contains(core)
        && provider.endpointType() != dev.fabricplanner.probe.fabric.EndpointType.DGRAM;
  }

  /** The test plan as it travels in TEST_START, so the responder runs exactly the initiator's phases. */
  static final class TestPlanJson {
    private TestPlanJson() {}

    static ObjectNode write(TestPlan plan) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      plan.sizes().forEach(node.putArray("sizes")::add);
      node.put("latency_iterations", plan.latencyIterations());
      node.put("latency_warmup", plan.latencyWarmup());
      node.put("bandwidth_rounds", plan.bandwidthRounds());
      node.put("bandwidth_warmup", plan.bandwidthWarmup());
      node.put("window", plan.window());
      plan.batchSizes().forEach(node.putArray("batch_sizes")::add);
      node.put("batch_message_bytes", plan.batchMessageBytes());
      node.put("rma_write", plan.rmaWrite());
      node.put("timeout_ms", plan.timeoutMillis());
      return node;
    }

    static TestPlan read(JsonNode node) {
      if (!node.isObject()) {
        throw new IllegalArgumentException("no plan object");
      }
      List<Integer> sizes = new ArrayList<>();
      node.path("sizes").forEach(s -> sizes.add(s.asInt()));
      List<Integer> batches = new ArrayList<>();
      node.path("batch_sizes").forEach(s -> batches.add(s.asInt()));
      if (sizes.isEmpty()) {
        throw new IllegalArgumentException("the plan has no sizes");
      }
      return new TestPlan(
          sizes,
          node.path("latency_iterations").asInt(),
          node.path("latency_warmup").asInt(),
          node.path("bandwidth_rounds").asInt(),
          node.path("bandwidth_warmup").asInt(),
          node.path("window").asInt(),
          batches,
          node.path("batch_message_bytes").asInt(),
          node.path("rma_write").asBoolean(),
          node.path("timeout_ms").asLong());
    }
  }
}
