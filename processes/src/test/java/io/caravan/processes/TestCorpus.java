package io.caravan.processes;

import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.EncoderInfo;
import io.caravan.policies.depth.AdaptiveDepthPolicy;
import io.caravan.policies.depth.ComplexityClassifier;
import io.caravan.policies.depth.DepthThresholds;
import io.caravan.policies.iteration.IterationLimits;
import io.caravan.policies.iteration.IterationPolicy;
import io.caravan.policies.iteration.NextQueryStep;
import io.caravan.policies.iteration.NotesStep;
import io.caravan.policies.iteration.UseNotesStep;
import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Decision;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.Vectors;
import io.caravan.core.spi.Generator;
import io.caravan.core.spi.Policy;
import io.caravan.core.spi.Reranker;
import io.caravan.core.spi.Retriever;
import io.caravan.core.spi.Step;
import io.caravan.core.step.GenerateStep;
import io.caravan.core.step.PolicyStep;
import io.caravan.core.step.QueryFeaturesStep;
import io.caravan.core.step.RerankStep;
import io.caravan.core.step.RetrieveStep;
import io.caravan.core.step.RewriteStep;
import io.caravan.core.step.SubQueryRetrieveStep;
import io.caravan.core.step.TermSpecificityStep;
import io.caravan.core.spi.TermSpecificity;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.policies.rewrite.ConversationalRewriter;
import io.caravan.policies.rewrite.DecomposePolicy;
import io.caravan.policies.rewrite.FeedbackPolicy;
import io.caravan.policies.rewrite.RewriteNeedPolicy;
import io.caravan.policies.rewrite.RuleSplitter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A five-passage corpus and small but real steps over it: term-overlap retrieval, Jaccard
 * reranking, a first-sentence extractive generator, a query-length policy, a step that widens the
 * candidate list by one passage per visit, a step that fails as an offline index would, and the
 * query-rewriting nodes of the bundled conversational-rag process.
 */
final class TestCorpus {

  static final List<Passage> PASSAGES = List.of(
      passage("lucene", "Lucene indexes dense vectors in HNSW graphs. It also scores text with BM25."),
      passage("flowable", "Flowable runs BPMN processes on a relational database. History can be switched off."),
      passage("camel", "Camel routes exchanges between endpoints. The direct component calls a route in the same thread."),
      passage("onnx", "ONNX Runtime executes exported encoder models on the CPU. Batching raises throughput."),
      passage("triton", "Triton serves models over gRPC and HTTP. Dynamic batching groups concurrent requests."));

  private TestCorpus() {}

  static List<Step> steps() {
    return List.of(
        new RetrieveStep(new OverlapRetriever(), 4),
        new RerankStep(new JaccardReranker()),
        new GenerateStep(new FirstSentenceGenerator(), 2),
        new PolicyStep(new QueryLengthPolicy()),
        new WidenStep(),
        new OfflineIndexStep(),
        // the steps of the bundled adaptive-rag and iterative-rag processes; the classifier needs the
        // real encoder's 384 dimensions, so here the depth policy runs on its uncertainty signals only
        new QueryFeaturesStep(new TermHashEncoder()),
        new PolicyStep(new AdaptiveDepthPolicy(ComplexityClassifier.bundled(), DepthThresholds.defaults().withSignals(false, true, true))),
        new PolicyStep(new IterationPolicy(IterationLimits.defaults())),
        new NotesStep(IterationLimits.defaults().evidenceDepth()),
        new NextQueryStep(2000),
        new UseNotesStep(),
        // the query-rewriting nodes of conversational-rag, the rewriting ones as Caravan has them
        new TermSpecificityStep(TermSpecificity.UNIFORM, ConversationalRewriter.withDefaults()::wordsToWeigh),
        new PolicyStep(new RewriteNeedPolicy(ConversationalRewriter.withDefaults())),
        new RewriteStep(ConversationalRewriter.withDefaults()),
        new PolicyStep(new DecomposePolicy(new RuleSplitter(), true)),
        new SubQueryRetrieveStep(new OverlapRetriever(), new ReciprocalRankFusion(), 4, DecomposePolicy.DECIDED_PARTS, true),
        new PolicyStep(new FeedbackPolicy(FeedbackPolicy.Mode.UNCERTAIN, 10, 0.05, 0)),
        new FeedbackStep());
  }

  /** A small deterministic encoder: query terms hashed into 16 buckets, L2-normalised. */
  static final class TermHashEncoder implements Encoder {
    @Override
    public EncoderInfo info() {
      return new EncoderInfo("term-hash-16", 16);
    }

    @Override
    public float[] encodeQuery(String text) {
      float[] v = new float[16];
      for (String t : terms(text)) {
        v[Math.floorMod(t.hashCode(), 16)] += 1;
      }
      return Vectors.norm(v) == 0 ? v : Vectors.normalize(v, norm -> new IllegalStateException("a hashed vector of norm " + norm));
    }

    @Override
    public List<float[]> encodeAll(List<String> texts) {
      return texts.stream().map(this::encodeQuery).toList();
    }
  }

  /**
   * Pseudo-relevance feedback over this corpus: the query plus the top passage's terms, retrieved
   * again by overlap (the Lucene RM3/Rocchio step lives in connectors/lucene, not a dependency here).
   */
  static final class FeedbackStep implements Step {
    @Override
    public String name() {
      return "retrieve-prf";
    }

    @Override
    public Result run(RagState state) {
      if (state.candidates().isEmpty()) {
        return Result.of(state, Map.of("note", "no candidates to feed back"));
      }
      String expanded = state.query().text() + " " + state.candidates().get(0).passage().text();
      List<Candidate> next = new OverlapRetriever().retrieve(state.query().withText(expanded).withK(4));
      return Result.of(state.withCandidates(next).plusRetrievalCalls(1), Map.of("expanded", expanded));
    }
  }

  static Passage passage(String docId, String text) {
    return new Passage(docId + "#0", docId, docId, text, 0, text.length(), Map.of());
  }

  static Set<String> terms(String text) {
    return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
        .filter(t -> t.length() > 2)
        .collect(Collectors.toCollection(HashSet::new));
  }

  /** Scores a passage by how many query terms it contains; passages with none are not returned. */
  static final class OverlapRetriever implements Retriever {
    @Override
    public String name() {
      return "overlap";
    }

    @Override
    public List<Candidate> retrieve(Query query) {
      Set<String> q = terms(query.text());
      return PASSAGES.stream()
          .map(p -> Candidate.of(p, name(), terms(p.text()).stream().filter(q::contains).count()))
          .filter(c -> c.score() > 0)
          .sorted(Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::chunkId))
          .limit(query.k())
          .toList();
    }
  }

  /** Jaccard similarity of query and passage terms. */
  static final class JaccardReranker implements Reranker {
    @Override
    public String name() {
      return "jaccard";
    }

    @Override
    public List<Candidate> rerank(Query query, List<Candidate> candidates, int k) {
      Set<String> q = terms(query.text());
      return candidates.stream()
          .map(c -> {
            Set<String> p = terms(c.passage().text());
            Set<String> union = new HashSet<>(p);
            union.addAll(q);
            double shared = p.stream().filter(q::contains).count();
            return c.withScore(name(), shared / union.size());
          })
          .sorted(Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::chunkId))
          .limit(k)
          .toList();
    }
  }

  /** Answers with the first sentence of the best passage, citing it. */
  static final class FirstSentenceGenerator implements Generator {
    @Override
    public String name() {
      return "first-sentence";
    }

    @Override
    public Answer generate(Query query, List<Candidate> context) {
      if (context.isEmpty()) {
        return Answer.noAnswer(name(), "nothing retrieved");
      }
      Passage p = context.get(0).passage();
      int end = p.text().indexOf('.') + 1;
      String sentence = p.text().substring(0, end);
      return new Answer(sentence, List.of(new Citation(p.docId(), p.chunkId(), p.title(), 0, end, sentence)), 1.0, name());
    }
  }

  /** DEEP for questions of four words or more, SHALLOW otherwise. */
  static final class QueryLengthPolicy implements Policy<Void> {
    @Override
    public String name() {
      return "depth";
    }

    @Override
    public Decision<Void> decide(RagState state) {
      int words = state.query().text().trim().split("\\s+").length;
      return new Decision<>(name(), words >= 4 ? "DEEP" : "SHALLOW", Map.of("words", words), "question length");
    }
  }

  /** Adds the first corpus passage not yet among the candidates: each visit widens the list by one. */
  static final class WidenStep implements Step {
    @Override
    public String name() {
      return "widen";
    }

    @Override
    public Result run(RagState state) {
      Set<String> have = state.candidates().stream().map(Candidate::chunkId).collect(Collectors.toSet());
      List<Candidate> next = new java.util.ArrayList<>(state.candidates());
      PASSAGES.stream().filter(p -> !have.contains(p.chunkId())).findFirst()
          .ifPresent(p -> next.add(Candidate.of(p, name(), 1.0 / (next.size() + 1))));
      return Result.of(state.withCandidates(next), Map.of("candidates", next.size()));
    }
  }

  /** Fails the way a step does when its index cannot be reached. */
  static final class OfflineIndexStep implements Step {
    @Override
    public String name() {
      return "explode";
    }

    @Override
    public Result run(RagState state) {
      throw new IllegalStateException("index 'main' is offline");
    }
  }
}
