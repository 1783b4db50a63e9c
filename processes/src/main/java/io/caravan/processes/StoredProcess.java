package io.caravan.processes;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One process a {@link ProcessStore} keeps: the BPMN file as deployed ({@code bpmnFile}, whose
 * SHA-256 the record holds) and the record that names it ({@code recordFile}).
 */
public record StoredProcess(
    String key, String resourceName, Instant deployedAt, String deployedBy, Path bpmnFile, Path recordFile, String sha256) {}
