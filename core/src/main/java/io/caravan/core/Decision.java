package io.caravan.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a policy chose and why: the choice (a BPMN gateway reads it), the signals it weighed, and a
 * sentence a person can read in the trace.
 */
public record Decision(String policy, String choice, Map<String, Object> signals, String reason) {
  public Decision {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(choice, "choice");
    signals = Collections.unmodifiableMap(new LinkedHashMap<>(signals == null ? Map.of() : signals));
    reason = reason == null ? "" : reason;
  }
}
