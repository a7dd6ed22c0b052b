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
 *   <li>CUDA IPC over the QUIC control stream (two processes on one host): the exporter calls
 *       {@code probe.export(gpu, sweep.largest())}, sends {@code export.offer().toLine()} (or its
 *       fields: gpu, gpuUuid, bytes, checksum, {@code handleBase64()}) in a control message, and
 *       keeps the export open until the importer answers; the importer parses it with {@link
 *       dev.fabricplanner.probe.cuda.IpcOffer#parse} and calls {@code probe.importAndCopy(offer,
 *       gpu, sweep)}, which returns a verified {@link dev.fabricplanner.probe.cuda.CopyTestResult}
 *       of kind IPC.
 *   <li>Without QUIC: {@link dev.fabricplanner.probe.cuda.CudaIpcHarness} ({@code export}, {@code
 *       import}, {@code pair}) and {@code CudaProbe.runIpcTests}, which starts the exporter as a
 *       child JVM and reads its offers from a pipe.
 * </ul>
 *
 * <p>All calls go to the CUDA runtime from the calling thread (CUDA's current device is per
 * thread); use one {@code CudaProbe} from one thread and close it. A CUDA error during the
 * inventory is thrown as {@link dev.fabricplanner.probe.cuda.CudaException}; during a test it
 * becomes a failed result.
 */
package dev.fabricplanner.probe.cuda;
