package dev.fabricplanner.sim.engine;

/**
 * Event kinds. At equal times a lower kind runs first: faults, then work finishing (so freed capacity is
 * there for what follows), then arrivals, and publications last so that they see every change made at
 * their instant.
 */
public final class EventKind {
  public static final int FAULT = 0;
  /** A server's step ended (kept in the fleet's step timers, not in the event queue). */
  public static final int STEP_DONE = 2;
  public static final int SERVICE_DONE = 3;
  /** The client gives up on a request (after work finishing at the same instant has answered it). */
  public static final int CLIENT_TIMEOUT = 4;
  public static final int NODE_ARRIVAL = 5;
  public static final int ARRIVAL = 6;
  public static final int HEDGE = 7;
  public static final int WARMUP_END = 8;
  public static final int PUBLISH_LOAD = 9;
  public static final int APPLY_LOAD = 10;
  public static final int PUBLISH_RESOURCES = 11;
  public static final int APPLY_RESOURCES = 12;
  public static final int END = 13;

  private EventKind() {}
}
