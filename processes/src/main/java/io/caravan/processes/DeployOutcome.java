package io.caravan.processes;

import java.util.Objects;
import java.util.Optional;

/**
 * What one deploy did: {@code process} is the latest version of the id now; {@code unchanged} when
 * the file was byte for byte the latest version already (then nothing was deployed); {@code
 * replaced} the version that was latest before, when this deploy replaced one.
 */
public record DeployOutcome(DeployedProcess process, boolean unchanged, Optional<DeployedProcess> replaced) {

  public DeployOutcome {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(replaced, "replaced");
    if (unchanged && replaced.isPresent()) {
      throw new IllegalArgumentException("a deploy that changed nothing replaced nothing");
    }
  }
}
