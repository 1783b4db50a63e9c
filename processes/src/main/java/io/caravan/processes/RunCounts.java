package io.caravan.processes;

/**
 * How the runs of one {@link ProcessRunner} ended so far: {@code finished} with a state, {@code
 * failed} (a step, a loop bound, anything else), stopped at their {@code deadlineExceeded}, or
 * {@code cancelled}. A snapshot of counters read one after another, not at one instant.
 */
public record RunCounts(long started, long finished, long failed, long deadlineExceeded, long cancelled) {}
