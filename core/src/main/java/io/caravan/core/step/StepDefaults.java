package io.caravan.core.step;

/** Limits shared by the standard steps. */
final class StepDefaults {
  /** How many candidates a trace event keeps: enough to see a ranking, small enough to read. */
  static final int TRACE_CANDIDATES = 20;

  private StepDefaults() {}
}
