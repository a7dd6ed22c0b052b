/**
 * CUDA and NVML through JNA: the {@code nvlink} profile of the probe agent.
 *
 * <p>Nothing native is needed to build: {@code libcudart} (12 or 13) and {@code libnvidia-ml.so.1}
 * are loaded at run time ({@link dev.fabricplanner.probe.cuda.CudaLibraryPaths} says where from;
 * system properties {@code fabricplanner.cudart} / {@code fabricplanner.nvml} or the environment
 * variables {@code FABRIC_PLANNER_CUDART} / {@code FABRIC_PLANNER_NVML} name a file). When CUDA
 * cannot run, the probe says why in CUDA's own words and records the profile as skipped.
 *
 * <h2>For the CLI and the control plane</h2>
 *
 * <ul>
 *   <li>{@code probe-agent list}: print {@link
 *       dev.fabricplanner.probe.cuda.NvlinkProfile#describeHost()}.
 *   <li>{@code probe-agent run --profiles nvlink}, embedded (one host): {@link
 *       dev.fabricplanner.probe.cuda.NvlinkProfile#run(String, CopySweep, boolean,
 *       java.time.Clock)} returns console lines and {@link
 *       dev.fabricplanner.probe.cuda.CudaRecordParts}: the GPUs and GPU pairs (for the record's
 *       {@code gpus}/{@code gpu_pairs}), the cuda fabrics (ok, failed or skipped with the reason)
 *       and the links; {@code parts.addTo(builder)} adds all four to a record being built. Pass the
 *       same sizes as the libfabric tests with {@link
 *       dev.fabricplanner.probe.cuda.CopySweep#of(java.util.List)} (its largest size is the buffer
 *       size).
 *   <li>Piece by piece: {@link dev.fabricplanner.probe.cuda.CudaProbe#open()} gives {@code
 *       Available} (a {@link dev.fabricplanner.probe.cuda.CudaProbe}) or {@code Skipped} (a
 *       reason); {@code inventory()}, {@code runTests(sweep)}, {@code runIpcTests(sweep)}; then
 *       {@code CudaRecordParts.of(...)} or {@code CudaRecordParts.skipped(reason)}.
 *   <li>CUDA IPC over the QUIC control stream (two processes on one host), {@link
 *       dev.fabricplanner.probe.cuda.IpcExchange}: the exporter calls {@code
 *       probe.exportAll(sweep.largest())} and {@code IpcExchange.lend(control, exports, ...)}, which
 *       sends one {@code ipc_offer} control message per buffer ({@link
 *       dev.fabricplanner.probe.cuda.IpcOffer#toMessage}) and frees the buffers once the importer
 *       answers {@code ipc_done} (or refuses, or the stream ends); the importer calls {@code
 *       IpcExchange.borrow(control, probe, sweep, wait)}, which checks each offer ({@link
 *       dev.fabricplanner.probe.cuda.IpcOffer#fromMessage}: format, field ranges, 1 KiB cap), maps
 *       and copies it on every GPU that reaches the exporter's ({@code probe.importAll}), and answers
 *       done with the results. In a serve/join session {@code run.CudaIpcTest} drives this; on one
 *       host alone {@code CudaProbe.runIpcTests} starts {@link
 *       dev.fabricplanner.probe.cuda.CudaIpcHarness} {@code export} as a child JVM that joins this
 *       one over loopback QUIC with a one-time invite given on its stdin.
 * </ul>
 *
 * <p>All calls go to the CUDA runtime from the calling thread (CUDA's current device is per
 * thread); use one {@code CudaProbe} from one thread and close it. A CUDA error during the
 * inventory is thrown as {@link dev.fabricplanner.probe.cuda.CudaException}; during a test it
 * becomes a failed result.
 */
package dev.fabricplanner.probe.cuda;
