package io.caravan.processes;

/**
 * A process definition the engine holds: {@code key} is what runs start it by; each deployment of
 * a changed file with the same key adds a {@code version}, and runs use the latest.
 */
public record DeployedProcess(
    String key, String name, int version, String definitionId, String deploymentId, String resourceName) {}
