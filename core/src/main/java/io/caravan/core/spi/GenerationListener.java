package io.caravan.core.spi;

/**
 * Receives an answer while it is generated: what a streaming endpoint passes on to its client. A
 * process may generate more than once (a lazy or iterative process drafts, retrieves, and answers
 * again), so each generation begins with {@link #started}, and a client that shows only the final
 * answer replaces what it has shown when a new generation starts.
 *
 * <p>Called on the thread that runs the process. An exception thrown here (the client went away)
 * stops the generation and fails the run.
 */
public interface GenerationListener {

  /** A generation begins, by {@code generator} (its {@link Generator#name()}). */
  default void started(String generator) {}

  /** The next piece of the answer's text. */
  void token(String piece);
}
