/**
 * What the probe's own JVM is doing while it times something: {@link
 * dev.fabricplanner.probe.jvm.CompilerWatch} tells a warm-up whether the JIT has gone quiet.
 */
package dev.fabricplanner.probe.jvm;
