package io.caravan.core.step;

import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.AttributeKey;
import io.caravan.core.Candidate;
import io.caravan.core.RagState;
import io.caravan.core.spi.GenerationListener;
import io.caravan.core.spi.Generator;
import io.caravan.core.spi.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the answer from the top {@code contextSize} candidates. When the state carries a {@link
 * #LISTENER} (a streaming caller put it there), the answer's pieces go to it as they are generated.
 */
public final class GenerateStep implements Step {

  /** Where a streaming caller asks for the answer's pieces; absent for a plain run. */
  public static final AttributeKey<GenerationListener> LISTENER = AttributeKey.of("caravan.generation-listener", GenerationListener.class);

  private final Generator generator;
  private final int contextSize;

  public GenerateStep(Generator generator, int contextSize) {
    if (contextSize < 0) {
      throw new IllegalArgumentException("contextSize must not be negative");
    }
    this.generator = generator;
    this.contextSize = contextSize;
  }

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public Result run(RagState state) {
    List<Candidate> all = state.candidates();
    List<Candidate> context = all.subList(0, Math.min(contextSize, all.size()));
    Optional<GenerationListener> listener = state.get(LISTENER);
    Answer answer;
    if (listener.isPresent()) {
      GenerationListener l = listener.get();
      l.started(generator.name());
      answer = generator.generate(state.query(), context, l::token);
    } else {
      answer = generator.generate(state.query(), context);
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("generator", generator.name());
    inputs.put("context", context.size());
    inputs.put("citations", answer.citations().size());
    if (!Double.isNaN(answer.confidence())) {
      inputs.put("confidence", round(answer.confidence()));
    }
    AnswerSignals signals = answer.signals();
    if (signals.hasTokenUncertainty()) {
      inputs.put("tokens", signals.tokens());
      inputs.put("mean_token_entropy", round(signals.meanTokenEntropy()));
      inputs.put("min_token_probability", round(signals.minTokenProbability()));
    }
    if (signals.droppedCitations() > 0) {
      inputs.put("dropped_citations", signals.droppedCitations());
    }
    if (signals.attributedCitations() > 0) {
      inputs.put("attributed_citations", signals.attributedCitations());
    }
    if (!Double.isNaN(signals.support())) {
      inputs.put("support", round(signals.support()));
    }
    return Result.of(state.withAnswer(answer), inputs);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
