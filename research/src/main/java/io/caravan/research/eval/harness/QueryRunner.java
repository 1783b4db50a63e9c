package io.caravan.research.eval.harness;

import io.caravan.core.Query;
import io.caravan.core.RagState;

/** Answers one query the way the system under test would (for Caravan: a BPMN process run). */
@FunctionalInterface
public interface QueryRunner {
  RagState run(Query query);
}
