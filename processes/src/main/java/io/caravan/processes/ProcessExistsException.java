package io.caravan.processes;

/**
 * A deploy would replace a process whose id exists (bundled, from the folder, or deployed before)
 * without saying so: replacing {@code rag} silently changes every default query.
 */
public final class ProcessExistsException extends ProcessException {

  private final DeployedProcess existing;

  public ProcessExistsException(DeployedProcess existing) {
    super(
        "process '" + existing.key() + "' already exists (version " + existing.version() + ", " + existing.origin().label()
            + ", deployed " + existing.deployedAt() + (existing.deployedBy().isEmpty() ? "" : " by " + existing.deployedBy())
            + "); deploy again with replace=true to replace it");
    this.existing = existing;
  }

  /** The latest version of the id, which stays in place. */
  public DeployedProcess existing() {
    return existing;
  }
}
