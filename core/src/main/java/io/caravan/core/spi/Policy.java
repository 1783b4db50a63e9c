package io.caravan.core.spi;

import io.caravan.core.Decision;
import io.caravan.core.RagState;

/**
 * A pure decision: reads the state, returns a choice with the signals behind it. Never does I/O;
 * whatever it needs (a score distribution, a classifier's weights, features a step computed
 * through an encoder or the index) is in the state or the policy.
 *
 * @param <P> the type of the payload its decisions carry to later steps ({@link Void} for none)
 */
public interface Policy<P> {

  String name();

  Decision<P> decide(RagState state);
}
