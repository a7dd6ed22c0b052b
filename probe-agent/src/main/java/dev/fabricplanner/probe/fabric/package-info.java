/**
 * libfabric measurements through JNA, with no C compile step and no headers at run time.
 *
 * <h2>How it binds</h2>
 * {@link dev.fabricplanner.probe.fabric.Libfabric#load()} opens {@code libfabric.so.1} (or the
 * file named by the system property {@code fabricplanner.libfabric} or the environment variable
 * {@code FABRIC_PLANNER_LIBFABRIC}) and returns a {@link dev.fabricplanner.probe.fabric.LibfabricLoad}:
 * the library, or a one-line skip reason (absent, not libfabric, ABI other than 1.x with x >= 12).
 * It never throws for absence. Only fi_getinfo, fi_freeinfo, fi_dupinfo, fi_fabric, fi_version and
 * fi_strerror are exported symbols; everything else (fi_domain, fi_endpoint, fi_cq_open,
 * fi_av_open, fi_mr_reg, fi_ep_bind, fi_enable, fi_getname, fi_av_insert, fi_send, fi_recv,
 * fi_write, fi_cq_read, fi_close, and for MSG endpoints fi_eq_open, fi_eq_read, fi_passive_ep,
 * fi_pep_bind, fi_listen, fi_connect, fi_accept, fi_reject, fi_shutdown) is a static inline in
 * the headers, called here through the ops
 * tables of the objects (offsets in {@code FiAbi}, checked against the 1.17 headers). The hot calls
 * (fi_send, fi_recv, fi_write, fi_cq_read) go through JNA's own libffi entry points with a call
 * frame prepared once ({@code FastCall}), since JNA's generic invoke costs about 0.8 us per call
 * against about 0.14 us this way. libfabric's
 * providers replace the JVM's SIGSEGV/SIGBUS handlers; we put the JVM's back after each set-up
 * call ({@code JvmSignalHandlers}), or the JVM dies on its first implicit null check.
 *
 * <h2>Use from the control plane</h2>
 * <pre>{@code
 * LibfabricLoad load = Libfabric.load();
 * if (!load.isLoaded()) { record skipped: load.skipReason() }
 * ProviderDiscovery discovery = new ProviderDiscovery(load.library());
 * List<FabricProvider> all = discovery.list(ProviderQuery.any());
 * String table = ProviderTable.render(all, discovery.select(ProbeProfile.RDMA, null, null));
 * List<ProviderLookup> tcp = discovery.select(ProbeProfile.TCP, domain, srcNode);
 *
 * // on each host, for a provider both sides found:
 * try (FabricEndpoint ep = FabricEndpoint.open(library, provider.query().withSrcNode(node), true)) {
 *   byte[] mine = ep.localName();                 // send over the QUIC control stream
 *   long peer = ep.insertPeer(peerNameFromControlStream);
 *   // initiator host:                                  // responder host:
 *   ProviderResult r = new PayloadInitiator(ep, peer, plan, barrier).run();
 *   //                                                  new PayloadResponder(ep, peer, plan, barrier).run();
 *   LinkMeasurement m = LinkRecords.measurement(r, src, dst, peerDomain, Instant.now());
 * }
 *
 * // MSG (connected) endpoints instead: the responder listens and sends the listener's name.
 * try (PassiveEndpoint listener = PassiveEndpoint.listen(library, query, true)) {
 *   byte[] name = listener.name();                // send over the QUIC control stream
 *   try (FabricEndpoint ep = listener.accept(plan.timeout())) {
 *     new PayloadResponder(ep, ep.connectedPeer(), plan, barrier).run();
 *   }
 * }
 * // initiator host, with the listener's name:
 * try (FabricEndpoint ep = FabricEndpoint.connect(library, query, name, true, plan.timeout())) {
 *   ProviderResult r = new PayloadInitiator(ep, ep.connectedPeer(), plan, barrier).run();
 * }
 * }</pre>
 * Both sides must use the same {@link dev.fabricplanner.probe.fabric.TestPlan} (a plain record,
 * JSON-friendly) and provider; set {@code plan.rmaWrite()} false unless both endpoints report
 * {@link dev.fabricplanner.probe.fabric.FabricEndpoint#rmaEnabled()}. The
 * {@link dev.fabricplanner.probe.fabric.PeerBarrier} is called by both roles with the same phase
 * names, in the same order, after each side posted its receives; across hosts implement it with one
 * control message each way. {@link dev.fabricplanner.probe.fabric.LoopbackRun} runs both roles in
 * one process (the embedded default).
 *
 * <h2>What a run measures</h2>
 * Ping-pong latency per size (one-way = half the round trip, HdrHistogram p50/p99, noise % =
 * standard deviation over mean), windowed send/recv bandwidth per size (records take one window
 * over the median round), batches of 1..128 buffers each posted as one FI_MORE chain, and RMA write
 * where the provider grants FI_RMA. Every ping and every pong is checked in full (stamps + CRC32C,
 * outside the timed interval); every streamed message has its two stamps checked and the
 * warm-up and last rounds are checked in full; a mismatch marks the point FAILED and the result
 * FAILED. Every wait polls with a deadline ({@link dev.fabricplanner.probe.fabric.TestPlan#timeoutMillis()}),
 * so a vanished peer fails the result with a reason instead of hanging.
 */
package dev.fabricplanner.probe.fabric;
