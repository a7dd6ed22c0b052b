package dev.fabricplanner.core.plan;

/**
 * Why a transport was chosen, lost, was skipped, or what to know about its estimate. Every alternative
 * of every hop carries at least one, so a fallback to a slower transport is never silent.
 */
public enum ReasonCode {
  // Why a transport was not a candidate at all.
  /** NVLink/CUDA IPC: the two GPUs cannot access each other's memory. */
  NOT_PEER_ACCESSIBLE(Kind.SKIP),
  /** NVLink/CUDA IPC: the ends are on different hosts. */
  DIFFERENT_HOST(Kind.SKIP),
  /** CUDA peer copies need a GPU at both ends. */
  NOT_GPU_TO_GPU(Kind.SKIP),
  /** The probe of this transport failed on an end, or between these hosts. */
  PROBE_FAILED(Kind.SKIP),
  /** The probe of this transport was skipped on an end (library or device absent). */
  PROBE_SKIPPED(Kind.SKIP),
  /** Only one end has the fabric. */
  NOT_ON_BOTH_ENDS(Kind.SKIP),
  /** No measurement exists to estimate the transport with. */
  NO_MEASUREMENT(Kind.SKIP),
  /** The estimated per-token time is over the stage-traffic latency cap. */
  EXCEEDS_LATENCY_CAP(Kind.SKIP),
  /**
   * libfabric between hosts of different sites that nothing measured: fabric names (private subnets)
   * are only meaningful inside a site.
   */
  DIFFERENT_SITE(Kind.SKIP),

  // Why a candidate lost.
  /** Another candidate's estimate is lower. */
  SLOWER(Kind.LOSS),
  /**
   * Equal estimate; the quieter measurement (lower noise), then the preference order (NVLink, CUDA IPC,
   * libfabric by provider, QUIC) decided.
   */
  TIE_PREFERENCE(Kind.LOSS),

  // Why the chosen one won.
  /** Lowest estimate among the candidates that qualify. */
  FASTEST(Kind.CHOICE),
  /** Every candidate exceeded the latency cap; this one is the fastest of them. */
  FASTEST_OVER_CAP(Kind.CHOICE),
  /** No candidate could be estimated; QUIC is the fallback that always exists. */
  QUIC_FALLBACK(Kind.CHOICE),

  // Notes on an estimate.
  /** A size lies outside the measured sweep: priced from the nearest end sample (TransferCurve). */
  EXTRAPOLATED(Kind.NOTE),
  /** The record (or measurement) is older than the configured maximum age. */
  STALE_RECORD(Kind.NOTE),
  /** No measurement between these hosts: one taken between other hosts on the same fabric is used. */
  REPRESENTATIVE_MEASUREMENT(Kind.NOTE),
  /** The measurement's payloads were not verified. */
  PAYLOAD_NOT_VERIFIED(Kind.NOTE),
  /** Large transfers are striped across several NICs of the same fabric. */
  STRIPED(Kind.NOTE),
  /**
   * The measurement moved host buffers while the hop's ends are GPUs: the estimate adds a device-to-host
   * copy at the sending GPU and a host-to-device copy at the receiving GPU.
   */
  HOST_STAGED(Kind.NOTE),
  /** Some of an end's NICs on this fabric failed their probe; striping uses the others. */
  NICS_FAILED(Kind.NOTE),
  /** Other hops of the pipeline leave or enter the same host at the same time and share its NICs. */
  NIC_SHARED(Kind.NOTE);

  /** What part of a decision a code explains. */
  public enum Kind {
    SKIP,
    LOSS,
    CHOICE,
    NOTE
  }

  private final Kind kind;

  ReasonCode(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
