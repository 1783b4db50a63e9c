package io.caravan.core.spi;

import io.caravan.core.Decision;
import io.caravan.core.RagState;

/**
 * A pure decision: reads the state, returns a choice with the signals behind it. Never does I/O;
 * whatever it needs (a score distribution, a classifier's weights) is in the state or the policy.
 */
public interface Policy {

  String name();

  Decision decide(RagState state);
}
