package dev.fabricplanner.probe.cuda;

/** What a copy test moves, and through which CUDA call. */
public enum CopyKind {
  /** cudaMemcpy DeviceToDevice within one GPU: its memory bandwidth as copies see it. */
  DEVICE_TO_DEVICE,
  /** cudaMemcpy from page-locked host memory to a GPU. */
  HOST_TO_DEVICE,
  /** cudaMemcpy from a GPU to page-locked host memory. */
  DEVICE_TO_HOST,
  /** cudaMemcpyPeer between two peer-accessible GPUs (NVLink or PCIe P2P). */
  PEER,
  /** A buffer exported by another process with cudaIpcGetMemHandle, mapped and copied here. */
  IPC
}
