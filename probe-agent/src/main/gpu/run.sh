#!/usr/bin/env bash
# Every GPU step of the CUDA/NVML probe in one go, from the bundle bin/gpu-bundle makes (.gpu/):
# the driver's own view, our inventory, the embedded nvlink run (its CUDA IPC exporter is a child
# JVM joined over loopback QUIC), two agents on this host lending IPC buffers over the control
# stream, the two-process IPC harness, and libfabric between GPU buffers (FI_HMEM_CUDA where the
# provider grants it, staged through host memory where not, beside the host-memory figures). Into the
# output folder ($1, else $OUT, else ./gpu-out): log.txt (every step's output under its command line
# and exit status; a failing step does not stop the rest) and four records, five files in all (a
# device call brings back at most eight).
set -uo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
out="${1:-${OUT:-$PWD/gpu-out}}"
mkdir -p "$out"
java="$here/jre/bin/java"
jar="$here/fabric-planner.jar"
c1="-XX:TieredStopAtLevel=1" # the JIT as bin/probe-agent runs the agent (C1 only: docs/PERFORMANCE.md)
cd "$out"

step() { # step NAME COMMAND...: runs it, appends its output and exit status to log.txt
  local name="$1"; shift
  echo "== $name: $*" >>log.txt
  ( "$@" ) >>log.txt 2>&1
  local status=$?
  echo "== $name: exit $status" >>log.txt
  echo "$name: exit $status"
}

# The driver's libraries (libcuda, libnvidia-ml) live here on some GPU images without being on the
# loader's path; JNA finds them through LD_LIBRARY_PATH.
for dir in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  [ -d "$dir" ] && export LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
done
step libraries sh -c 'echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"; ldconfig -p | grep -E "libcudart|libnvidia-ml|libcuda\.so"; ls /usr/local/cuda*/lib*/libcudart.so* 2>/dev/null'
step nvidia-smi nvidia-smi
step topology nvidia-smi topo -m
step list "$java" $c1 -cp "$jar" dev.fabricplanner.cli.ProbeAgentCli list
step run-nvlink "$java" $c1 -cp "$jar" dev.fabricplanner.cli.ProbeAgentCli run --profiles nvlink \
  --output nvlink-record.json
step ipc-pair "$java" $c1 -cp "$jar" dev.fabricplanner.probe.cuda.CudaIpcHarness pair --bytes 4194304

# libfabric between GPU 0's buffers: which providers this libfabric has and whether they grant FI_HMEM
# (fi_info, where libfabric-bin is installed), then each provider that passes on host memory is
# measured again on cudaMalloc'd buffers; the record keeps both, with gpu_path and hmem per link.
step fi-info sh -c 'command -v fi_info >/dev/null && { fi_info -l; for p in tcp shm verbs efa; do echo "-- $p with FI_HMEM:"; fi_info -p "$p" -c "FI_MSG|FI_HMEM" 2>&1 | head -4; done; } || echo "fi_info not installed"'
step gpu-memory "$java" $c1 -cp "$jar" dev.fabricplanner.cli.ProbeAgentCli run --profiles tcp,shm,rdma --quick \
  --gpu-memory --output gpu-memory-record.json

# Two agents on this host: serve lends its GPUs' buffers, run --join maps and copies them. The token
# goes through an owner-only file, never the command line.
"$java" $c1 -cp "$jar" dev.fabricplanner.cli.ProbeAgentCli serve --listen 127.0.0.1:7447 \
  --profiles nvlink --token-file "$out/invite.token" --output nvlink-exporter.json >serve.log 2>&1 &
server=$!
for _ in $(seq 100); do grep -q listening serve.log 2>/dev/null && break; sleep 0.2; done
step join "$java" $c1 -cp "$jar" dev.fabricplanner.cli.ProbeAgentCli run --join "$out/invite.token" \
  --profiles nvlink --output nvlink-importer.json
wait "$server"
status=$?
{ echo "== serve (the exporter of the join step): exit $status"; cat serve.log; } >>log.txt
rm -f serve.log invite.token
echo "serve: exit $status"
ls -l
