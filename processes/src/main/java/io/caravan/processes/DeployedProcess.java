package io.caravan.processes;

import java.time.Instant;
import java.util.Objects;

/**
 * A process definition the engine holds: {@code key} is what runs start it by; each deployment of
 * a changed file with the same key adds a {@code version}, and runs use the latest. {@code origin},
 * {@code deployedAt} and {@code deployedBy} (empty unless someone in particular deployed it) say
 * where this version came from.
 */
public record DeployedProcess(
    String key,
    String name,
    int version,
    String definitionId,
    String deploymentId,
    String resourceName,
    ProcessOrigin origin,
    Instant deployedAt,
    String deployedBy) {

  public DeployedProcess {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(deployedAt, "deployedAt");
    deployedBy = deployedBy == null ? "" : deployedBy;
  }
}
