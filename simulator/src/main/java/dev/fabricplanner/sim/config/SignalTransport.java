package dev.fabricplanner.sim.config;

/** Delay for a published signal to reach a router in the same cell or in another cell, in ms. */
public record SignalTransport(DelayRange intraCell, DelayRange interCell) {}
