package io.caravan.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a policy chose and why: the choice (a BPMN gateway reads it), the signals it weighed, a
 * sentence a person can read in the trace, and the payload: what the choice carries to the steps
 * after it (the parts of a split question, the number of tools handed over), typed, so no step
 * parses it back out of the signals. Signals and reason are the justification the trace records;
 * the payload is not printed (what a person needs of it is in the signals too).
 *
 * @param <P> the payload's type; {@link Void} (payload null) for a policy whose choice says it all
 */
public record Decision<P>(String policy, String choice, Map<String, Object> signals, String reason, P payload) {
  public Decision {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(choice, "choice");
    signals = Collections.unmodifiableMap(new LinkedHashMap<>(signals == null ? Map.of() : signals));
    reason = reason == null ? "" : reason;
  }

  /** A decision without payload. */
  public Decision(String policy, String choice, Map<String, Object> signals, String reason) {
    this(policy, choice, signals, reason, null);
  }
}
