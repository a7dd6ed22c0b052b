package dev.fabricplanner.sim.result;

/** One invariant a run checked on itself, whether it held, and the figures behind the verdict. */
public record InvariantCheck(String name, boolean passed, String detail) {}
