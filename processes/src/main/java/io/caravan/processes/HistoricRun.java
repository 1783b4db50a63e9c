package io.caravan.processes;

import java.time.Instant;

/**
 * A finished run as the history keeps it, found by the query state's id; {@code traceJson} is the
 * final trace as JSON (see {@link HistoryMode}). Failed runs roll back and leave no history: their
 * exception says what happened.
 */
public record HistoricRun(
    String processInstanceId, String processKey, String stateId, Instant start, Instant end, String traceJson) {}
