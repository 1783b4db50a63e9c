/**
 * Caravan's gateway condition language: {@link io.caravan.processes.condition.Condition} parses
 * {@code ${...}} over the accessors of {@link io.caravan.processes.condition.RunFacts} and
 * evaluates it without JUEL, so a BPMN file can read a run but never reach the JVM.
 */
package io.caravan.processes.condition;
