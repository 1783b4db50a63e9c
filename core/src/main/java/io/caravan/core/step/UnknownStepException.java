package io.caravan.core.step;

import java.util.Set;

/** A step was asked for by a name no step is registered under. */
public final class UnknownStepException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String step;

  public UnknownStepException(String step, Set<String> known) {
    super("unknown step '" + step + "': no Java step or route is registered under that name"
        + (known.isEmpty() ? " (no steps are registered)" : " (registered: " + String.join(", ", known) + ")"));
    this.step = step;
  }

  public String step() {
    return step;
  }
}
