package io.caravan.processes;

import java.time.Instant;
import java.util.Objects;

/**
 * Who deploys a process, from where, when, and whether it may replace an existing process with the
 * same id. {@code deployedBy} is a label a person can read, never a secret; empty when nobody in
 * particular deployed it (bundled, folder).
 */
public record DeployRequest(ProcessOrigin origin, String deployedBy, Instant deployedAt, boolean replace) {

  public DeployRequest {
    Objects.requireNonNull(origin, "origin");
    deployedBy = deployedBy == null ? "" : deployedBy;
    Objects.requireNonNull(deployedAt, "deployedAt");
  }

  /** A run-time deploy; {@code replace} false refuses to replace a process whose id exists. */
  public static DeployRequest api(String deployedBy, Instant at, boolean replace) {
    return new DeployRequest(ProcessOrigin.API, deployedBy, at, replace);
  }
}
