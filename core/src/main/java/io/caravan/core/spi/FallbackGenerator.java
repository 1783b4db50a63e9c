package io.caravan.core.spi;

import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A generator with a stand-in: the primary answers (a model on a server, say) and, when it fails
 * recoverably by {@code fallback}'s rule, the secondary answers the same question from the same
 * passages (the same model in-process). Which one answered shows in {@link Answer#generator()}.
 *
 * <p>Streaming: pieces the primary handed on before failing are not taken back, so a primary that
 * streams as it generates should fail before its first piece, or not be wrapped; a primary that
 * hands its pieces on only once the answer is complete (a remote call) is safe.
 */
public final class FallbackGenerator implements Generator {

  private final Generator primary;
  private final Generator secondary;
  private final Fallback fallback;

  public FallbackGenerator(Generator primary, Generator secondary, Fallback fallback) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.secondary = Objects.requireNonNull(secondary, "secondary");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  @Override
  public String name() {
    return primary.name();
  }

  @Override
  public Answer generate(Query query, List<Candidate> context) {
    return fallback.call(() -> primary.generate(query, context), () -> secondary.generate(query, context), 1);
  }

  @Override
  public Answer generate(Query query, List<Candidate> context, Consumer<String> tokens) {
    return fallback.call(() -> primary.generate(query, context, tokens), () -> secondary.generate(query, context, tokens), 1);
  }

  /** Answers the secondary gave. */
  public long fallbacks() {
    return fallback.count();
  }

  @Override
  public String toString() {
    return "FallbackGenerator(" + primary + ", else " + secondary + ")";
  }
}
