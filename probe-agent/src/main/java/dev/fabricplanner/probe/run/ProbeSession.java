package dev.fabricplanner.probe.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlMessage;
import dev.fabricplanner.probe.control.ControlSession;
import dev.fabricplanner.probe.control.MessageType;
import dev.fabricplanner.probe.cuda.IpcExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One probe session over an authenticated control stream: swap offers, then test every backend both
 * sides offer, one at a time. The joining side initiates (drives and measures each test); the serving
 * side responds. A backend that fails is recorded failed with its reason and the next one still runs; if
 * the peer itself is gone, every backend not yet run is recorded failed with that reason, never a hang.
 * After the backends, agents on one host that both take part run the CUDA IPC test ({@link CudaIpcTest}).
 */
public final class ProbeSession {
  private final ControlSession control;
  private final HostOffer local;
  private final List<ProbeBackend> backends;
  private final SessionTimeouts timeouts;
  private final Consumer<String> progress;
  private final CudaIpcTest ipc; // null: this side takes no part in the CUDA IPC test
  private String lostPeer; // set when the peer vanished after a test's own outcome was known

  public ProbeSession(
      ControlSession control,
      HostOffer local,
      List<ProbeBackend> backends,
      SessionTimeouts timeouts,
      Consumer<String> progress) {
    this(control, local, backends, timeouts, progress, null);
  }

  /**
   * @param ipc the CUDA IPC test, run after the backends when both agents take part and share a host
   *     (the joining side imports, the serving side exports); null to take no part
   */
  public ProbeSession(
      ControlSession control,
      HostOffer local,
      List<ProbeBackend> backends,
      SessionTimeouts timeouts,
      Consumer<String> progress,
      CudaIpcTest ipc) {
    this.control = control;
    this.local = local;
    this.backends = List.copyOf(backends);
    this.timeouts = timeouts;
    this.progress = progress;
    this.ipc = ipc;
  }

  /** The joining side: runs each shared backend's test and measures it. */
  public SessionReport initiate() {
    List<BackendOutcome> outcomes = new ArrayList<>();
    HostOffer peer;
    try {
      control.send(offerMessage(), timeouts.message());
      // A server with many joiners answers them in turn: its offer is the sign that ours has come.
      peer = readOffer(control.expect(MessageType.OFFER, timeouts.turn()));
    } catch (ControlException e) {
      backends.forEach(b -> outcomes.add(BackendOutcome.failed(b, "no offer exchanged: " + e.getMessage())));
      return new SessionReport(local, null, true, outcomes);
    }
    describePeer(peer);
    PeerContext context = PeerContext.of(control);
    String peerGone = null;
    for (ProbeBackend backend : backends) {
      if (peerGone != null) {
        outcomes.add(BackendOutcome.failed(backend, "not run: " + peerGone));
      } else if (!peer.offers(backend.key())) {
        outcomes.add(BackendOutcome.skipped(backend, "the peer does not offer " + backend.key()));
      } else {
        progress.accept("testing " + backend.key() + " ...");
        try {
          outcomes.add(initiateOne(backend, context));
          peerGone = lostPeer;
        } catch (ControlException e) {
          peerGone = e.getMessage();
          outcomes.add(BackendOutcome.failed(backend, peerGone));
        }
      }
      BackendOutcome last = outcomes.get(outcomes.size() - 1);
      progress.accept(backend.key() + ": " + last.status().wire() + (last.reason() == null ? "" : " (" + last.reason() + ")"));
    }
    if (ipc != null && local.cudaIpc()) {
      peerGone = initiateIpc(peer, peerGone);
    }
    if (peerGone == null) {
      control.close();
    }
    return new SessionReport(local, peer, true, outcomes);
  }

  /** Runs the CUDA IPC test (or records why not); returns why the peer is gone, if it now is. */
  private String initiateIpc(HostOffer peer, String peerGone) {
    if (peerGone != null) {
      ipc.notRun(peerGone);
    } else {
      progress.accept("testing CUDA IPC ...");
      try {
        ipc.importFrom(control, local, peer, timeouts);
      } catch (ControlException e) {
        ipc.notRun(e.getMessage());
        peerGone = e.getMessage();
      }
      if (peerGone == null && !control.isOpen()) {
        peerGone = "the control stream ended during the CUDA IPC test";
      }
    }
    ipc.lines().forEach(line -> progress.accept("cuda ipc: " + line));
    return peerGone;
  }

  private BackendOutcome initiateOne(ProbeBackend backend, PeerContext context) throws ControlException {
    try (BackendRole role = backend.initiator(context)) {
      ObjectNode mine;
      try {
        mine = role.open();
      } catch (BackendFailure e) {
        return BackendOutcome.failed(backend, e.getMessage());
      }
      ControlMessage start = ControlMessage.of(MessageType.TEST_START);
      start.body().put("key", backend.key()).set("details", mine);
      control.send(start, timeouts.message());
      ControlMessage ready = control.receive(timeouts.message());
      while (!ready.text("key").equals(backend.key()) && ready.type() != MessageType.BYE) {
        ready = control.receive(timeouts.message()); // a late word about an earlier, finished test
      }
      if (ready.type() == MessageType.TEST_FAILED) {
        return BackendOutcome.failed(backend, "peer: " + ready.text("reason"));
      }
      if (ready.type() != MessageType.TEST_READY || !ready.text("key").equals(backend.key())) {
        throw new ControlException("protocol: expected test_ready for " + backend.key() + ", got " + ready.type().wire());
      }
      BackendOutcome outcome;
      try {
        ObjectNode theirs = detailsOf(ready);
        Optional<BackendMeasurement> measured = role.run(theirs, this::meet);
        if (measured.isEmpty() || measured.get().sweep().isEmpty()) {
          throw new BackendFailure("the test produced no samples");
        }
        outcome = BackendOutcome.passed(backend, measured.get());
      } catch (BackendFailure e) {
        outcome = BackendOutcome.failed(backend, e.getMessage());
      }
      ControlMessage result = ControlMessage.of(MessageType.TEST_RESULT);
      result.body().put("key", backend.key()).put("status", outcome.status().wire());
      if (outcome.measurement() != null) {
        result.body().set("measurement", MeasurementJson.write(outcome.measurement()));
      } else {
        result.body().put("reason", outcome.reason());
      }
      try {
        control.send(result, timeouts.message());
      } catch (ControlException e) {
        // The peer is gone, but what this side measured (or why it failed) stands; later tests won't run.
        lostPeer = e.getMessage();
      }
      return outcome;
    }
  }

  /** The serving side: answers the initiator's tests until it says bye or goes away. */
  public SessionReport respond() {
    HostOffer peer;
    try {
      peer = receiveOffer(control, timeouts.message());
    } catch (ControlException e) {
      return noOffer(e);
    }
    return respondTo(peer);
  }

  /**
   * The joiner's offer, read before its session is answered: a server with many joiners reads each
   * one's offer to know who is waiting, then answers them in turn with {@link #respondTo}.
   */
  public static HostOffer receiveOffer(ControlSession control, java.time.Duration timeout) throws ControlException {
    return readOffer(control.expect(MessageType.OFFER, timeout));
  }

  /** The serving side, once the joiner's offer has been read: sends ours, then answers its tests. */
  public SessionReport respondTo(HostOffer peer) {
    Map<String, BackendOutcome> outcomes = new LinkedHashMap<>();
    try {
      control.send(offerMessage(), timeouts.message());
      describePeer(peer);
    } catch (ControlException e) {
      return noOffer(e);
    }
    PeerContext context = PeerContext.of(control);
    String peerGone = null;
    while (peerGone == null) {
      ControlMessage message;
      try {
        message = control.receive(timeouts.test());
      } catch (ControlException e) {
        peerGone = e.getMessage();
        break;
      }
      if (message.type() == MessageType.BYE) {
        break;
      }
      if (message.type() != MessageType.TEST_START) {
        continue; // a late barrier or result of an abandoned test
      }
      String key = message.text("key");
      if (key.equals(IpcExchange.KEY)) {
        peerGone = respondIpc(peer);
        continue;
      }
      ProbeBackend backend = backends.stream().filter(b -> b.key().equals(key)).findFirst().orElse(null);
      try {
        if (backend == null) {
          failTest(key, "this host does not offer " + key);
          continue;
        }
        progress.accept("answering " + key + " ...");
        outcomes.put(key, respondOne(backend, context, detailsOf(message)));
      } catch (ControlException e) {
        peerGone = e.getMessage();
        if (backend != null) {
          outcomes.put(key, BackendOutcome.failed(backend, peerGone));
        }
      }
    }
    if (ipc != null && local.cudaIpc() && !ipc.settled()) {
      String why = CudaIpcTest.skipReason(local, peer);
      if (peerGone != null) {
        ipc.notRun(peerGone);
      } else if (why != null) {
        ipc.skipped(why); // the peer knew not to ask
      }
    }
    List<BackendOutcome> all = new ArrayList<>();
    for (ProbeBackend backend : backends) {
      BackendOutcome outcome = outcomes.get(backend.key());
      if (outcome == null) {
        outcome =
            peerGone != null
                ? BackendOutcome.failed(backend, "not run: " + peerGone)
                : BackendOutcome.skipped(backend, "the peer did not ask to test " + backend.key());
      }
      all.add(outcome);
    }
    if (peerGone == null) {
      control.close();
    }
    return new SessionReport(local, peer, false, all);
  }

  private SessionReport noOffer(ControlException e) {
    List<BackendOutcome> outcomes = new ArrayList<>();
    backends.forEach(b -> outcomes.add(BackendOutcome.failed(b, "no offer exchanged: " + e.getMessage())));
    return new SessionReport(local, null, false, outcomes);
  }

  /** Answers the peer's CUDA IPC request by exporting; returns why the peer is gone, if it now is. */
  private String respondIpc(HostOffer peer) {
    if (ipc == null || !local.cudaIpc()) {
      try {
        failTest(IpcExchange.KEY, "this agent does not take part in CUDA IPC");
        return null;
      } catch (ControlException e) {
        return e.getMessage();
      }
    }
    progress.accept("answering CUDA IPC ...");
    ipc.exportTo(control, local, peer, timeouts);
    ipc.lines().forEach(line -> progress.accept("cuda ipc: " + line));
    return control.isOpen() ? null : "the control stream ended during the CUDA IPC test";
  }

  private BackendOutcome respondOne(ProbeBackend backend, PeerContext context, ObjectNode theirs)
      throws ControlException {
    try (BackendRole role = backend.responder(context)) {
      try {
        ObjectNode mine = role.open();
        ControlMessage ready = ControlMessage.of(MessageType.TEST_READY);
        ready.body().put("key", backend.key()).set("details", mine);
        control.send(ready, timeouts.message());
      } catch (BackendFailure e) {
        failTest(backend.key(), e.getMessage());
        return BackendOutcome.failed(backend, e.getMessage());
      }
      String localFailure = null;
      try {
        role.run(theirs, this::meet);
      } catch (BackendFailure e) {
        localFailure = e.getMessage();
        failTest(backend.key(), localFailure);
      }
      ControlMessage result = awaitResult(backend.key());
      if (localFailure != null) {
        return BackendOutcome.failed(backend, localFailure);
      }
      if (!result.text("status").equals("ok")) {
        return BackendOutcome.failed(backend, "peer: " + result.text("reason"));
      }
      try {
        return BackendOutcome.passed(backend, MeasurementJson.read(result.body().path("measurement")));
      } catch (IllegalArgumentException e) {
        return BackendOutcome.failed(backend, "peer sent an unreadable measurement: " + e.getMessage());
      }
    }
  }

  private ControlMessage awaitResult(String key) throws ControlException {
    while (true) {
      ControlMessage message = control.receive(timeouts.test());
      if (message.type() == MessageType.TEST_RESULT && message.text("key").equals(key)) {
        return message;
      }
      if (message.type() == MessageType.BYE) {
        throw new ControlException("peer said bye before reporting " + key);
      }
    }
  }

  /** The phase barrier over the control stream: say we are here, wait until the peer says the same. */
  private void meet(String phase) throws BackendFailure {
    try {
      ControlMessage here = ControlMessage.of(MessageType.BARRIER);
      here.body().put("phase", phase);
      control.send(here, timeouts.message());
      ControlMessage there = control.receive(timeouts.message());
      if (there.type() == MessageType.TEST_FAILED) {
        throw new BackendFailure("peer: " + there.text("reason"));
      }
      if (there.type() != MessageType.BARRIER || !there.text("phase").equals(phase)) {
        throw new BackendFailure("peer is out of step: at " + there.type().wire() + " " + there.text("phase") + ", not " + phase);
      }
    } catch (ControlException e) {
      throw new BackendFailure("peer did not reach phase '" + phase + "': " + e.getMessage(), e);
    }
  }

  private void failTest(String key, String reason) throws ControlException {
    ControlMessage failed = ControlMessage.of(MessageType.TEST_FAILED);
    failed.body().put("key", key).put("reason", reason);
    control.send(failed, timeouts.message());
  }

  private void describePeer(HostOffer peer) {
    progress.accept(
        "peer " + peer.hostname() + " (" + peer.hostId() + ") offers "
            + peer.backends().stream().map(HostOffer.OfferedBackend::key).toList());
    peer.gpus().forEach(line -> progress.accept("peer " + line));
  }

  private ControlMessage offerMessage() {
    ControlMessage offer = ControlMessage.of(MessageType.OFFER);
    offer.body().setAll(local.toJson());
    return offer;
  }

  private static HostOffer readOffer(ControlMessage message) throws ControlException {
    try {
      return HostOffer.fromJson(message.body());
    } catch (IllegalArgumentException e) {
      throw new ControlException("unreadable offer: " + e.getMessage());
    }
  }

  private static ObjectNode detailsOf(ControlMessage message) {
    return message.body().path("details") instanceof ObjectNode details
        ? details
        : JsonNodeFactory.instance.objectNode();
  }
}
