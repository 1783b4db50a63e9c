package io.caravan.policies.tools;

import io.caravan.core.AttributeKey;
import io.caravan.core.Decision;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.Policy;
import io.caravan.core.spi.QueryTransformer;
import io.caravan.core.step.PolicyStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decides whether a tool query is rewritten toward tool language before the second retrieval, and
 * to what: {@code REWRITE} or {@code KEEP}. The payload is the {@link ToolQueryExpansion.Expansion}
 * (the query unchanged, nothing added, for {@code KEEP}), which the rewrite step applies through
 * {@link #DECIDED_REWRITE} when no chat model writes the rewrite; the signals {@code added} and
 * {@code rewritten} show it in the trace. The state's candidates are the first pass's tool
 * ranking; the expansion borrows from their descriptions ({@link ToolQueryExpansion}).
 *
 * <p>Modes: {@code always}, {@code never}, and {@code auto}, which rewrites only when the query
 * speaks another language than the tools: at least {@code minUnknownShare} of its content terms
 * appear in no tool description (the vocabulary gap QTA closes). A query already in tool words is
 * left alone, since expansion can only dilute it.
 *
 * <p>The vocabulary is read through a supplier because the catalogue changes while Caravan runs; it
 * is an in-memory value, so the policy still does no I/O.
 */
public final class ToolRewritePolicy implements Policy<ToolQueryExpansion.Expansion> {

  public static final String NAME = "tool-rewrite";
  public static final String REWRITE = "REWRITE";
  public static final String KEEP = "KEEP";

  /** Where {@link PolicyStep} leaves this policy's decision. */
  public static final AttributeKey<Decision<ToolQueryExpansion.Expansion>> DECISION = PolicyStep.decisionKey(NAME);

  /** The embedded tool-query rewriter: the expansion this policy decided on (the query itself when it has not run). */
  public static final QueryTransformer DECIDED_REWRITE =
      new QueryTransformer() {
        @Override
        public String name() {
          return "embedded";
        }

        @Override
        public List<Query> transform(Query query, RagState state) {
          return List.of(state.get(DECISION).map(d -> query.withText(d.payload().text())).orElse(query));
        }
      };

  /** When to rewrite. */
  public enum Mode {
    ALWAYS,
    NEVER,
    AUTO;

    public static Mode parse(String s) {
      try {
        return valueOf(s.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tool rewrite mode must be always, never or auto, was '" + s + "'", e);
      }
    }
  }

  private final Mode mode;
  private final double minUnknownShare;
  private final ToolQueryExpansion expansion;
  private final Supplier<ToolVocabulary> vocabulary;

  public ToolRewritePolicy(Mode mode, double minUnknownShare, ToolQueryExpansion expansion, Supplier<ToolVocabulary> vocabulary) {
    if (!(minUnknownShare >= 0 && minUnknownShare <= 1)) {
      throw new IllegalArgumentException("minUnknownShare must be between 0 and 1, was " + minUnknownShare);
    }
    this.mode = Objects.requireNonNull(mode, "mode");
    this.minUnknownShare = minUnknownShare;
    this.expansion = Objects.requireNonNull(expansion, "expansion");
    this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decision<ToolQueryExpansion.Expansion> decide(RagState state) {
    String query = state.query().text();
    ToolQueryExpansion.Expansion unchanged = new ToolQueryExpansion.Expansion(query, List.of());
    ToolVocabulary vocab = vocabulary.get();
    double unknown = vocab.unknownShare(query);
    Map<String, Object> signals = new LinkedHashMap<>();
    signals.put("mode", mode.name().toLowerCase(Locale.ROOT));
    signals.put("unknownShare", Math.round(unknown * 1000) / 1000.0);
    signals.put("firstPass", state.candidates().size());
    if (state.candidates().isEmpty()) {
      return new Decision<>(NAME, KEEP, signals, "the first pass found no tool to borrow words from", unchanged);
    }
    boolean rewrite =
        switch (mode) {
          case ALWAYS -> true;
          case NEVER -> false;
          case AUTO -> unknown >= minUnknownShare;
        };
    if (!rewrite) {
      String why = mode == Mode.NEVER ? "rewriting is off" : String.format(Locale.ROOT, "%.0f%% of the query's terms are tool words already", 100 * (1 - unknown));
      return new Decision<>(NAME, KEEP, signals, why, unchanged);
    }
    ToolQueryExpansion.Expansion e = expansion.expand(query, state.candidates(), vocab);
    if (e.added().isEmpty()) {
      return new Decision<>(NAME, KEEP, signals, "the top tools' descriptions add no new term", unchanged);
    }
    signals.put("added", e.added());
    signals.put("rewritten", e.text());
    return new Decision<>(NAME, REWRITE, signals, "borrowed " + e.added().size() + " terms from the top tool descriptions", e);
  }
}
