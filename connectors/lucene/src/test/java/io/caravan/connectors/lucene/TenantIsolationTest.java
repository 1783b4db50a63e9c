package io.caravan.connectors.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.connectors.lucene.prf.FeedbackRetrieveStep;
import io.caravan.connectors.lucene.prf.Rm3Expansion;
import io.caravan.connectors.lucene.prf.RocchioFeedback;
import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.core.Access;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.spi.Retriever;
import io.caravan.testing.HashingEncoder;
import java.nio.file.Path;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants and access lists inside the index: every search path (BM25, kNN, hybrid, PRF feedback,
 * the second stage's features) sees only the asking tenant's chunks, a document id names one
 * document per tenant for upserts, deletes and the unchanged-content skip, and a request's metadata
 * filter cannot widen what the access allows.
 */
class TenantIsolationTest {

  private static final Access ACME = Access.tenant("acme", Set.of());
  private static final Access GLOBEX = Access.tenant("globex", Set.of());

  private final HashingEncoder encoder = new HashingEncoder(32);

  @TempDir Path dir;

  private List<Retriever> retrievers(LuceneIndex index) {
    return List.of(new Bm25Retriever(index), new VectorRetriever(index, encoder), HybridRetriever.bm25AndDense(index, encoder));
  }

  /** The same ids in three tenants (default, acme, globex), each tenant's text naming its tenant. */
  private LuceneIndex threeTenants() {
    LuceneIndex index = LuceneIndex.open(dir, encoder.info());
    for (int i = 0; i < 20; i++) {
      String id = "d" + i;
      index.upsert(id, "h-default", Chunks.of(encoder, id, "", Map.of("tenant", "acme"), "camel caravan default " + i));
      index.upsert("acme", id, "h-acme", Set.of(), Chunks.of(encoder, id, "", Map.of(), "camel caravan acme " + i));
      index.upsert("globex", id, "h-globex", Set.of(), Chunks.of(encoder, id, "", Map.of(), "camel caravan globex " + i));
    }
    index.refresh();
    return index;
  }

  @Test
  void eachRetrieverSeesOnlyTheAskingTenantsChunks() {
    try (LuceneIndex index = threeTenants()) {
      for (Retriever r : retrievers(index)) {
        for (Access access : List.of(Access.UNRESTRICTED, ACME, GLOBEX)) {
          List<Candidate> found = r.retrieve(Query.of("camel caravan", 50).withAccess(access));
          assertThat(found).as(r.name() + " for " + access.tenant()).hasSize(20)
              .allSatisfy(c -> assertThat(c.passage().text()).contains(access.tenant()));
        }
      }
    }
  }

  @Test
  void aRequestsMetadataFilterNamedTenantCannotWidenTheAccess() {
    try (LuceneIndex index = threeTenants()) {
      for (Retriever r : retrievers(index)) {
        // the default tenant's chunks carry metadata tenant=acme; acme's own chunks carry none
        Query forged = new Query("camel caravan", 50, Map.of("tenant", "acme"), List.of(), GLOBEX);
        assertThat(r.retrieve(forged)).as(r.name()).isEmpty();
        Query narrowed = new Query("camel caravan", 50, Map.of("tenant", "acme"), List.of(), Access.UNRESTRICTED);
        assertThat(r.retrieve(narrowed)).as(r.name()).hasSize(20).allSatisfy(c -> assertThat(c.passage().text()).contains("default"));
      }
    }
  }

  @Test
  void aSelectiveTenantStillGetsItsKNearestFromTheKnnPreFilter() {
    try (LuceneIndex index = LuceneIndex.open(dir, encoder.info())) {
      for (int i = 0; i < 300; i++) {
        index.upsert("big", "b" + i, "h", Set.of(), Chunks.of(encoder, "b" + i, "", Map.of(), "desert caravan route " + i));
      }
      for (int i = 0; i < 3; i++) {
        index.upsert("small", "s" + i, "h", Set.of(), Chunks.of(encoder, "s" + i, "", Map.of(), "salt trade " + i));
      }
      index.refresh();
      List<Candidate> found = new VectorRetriever(index, encoder, 10).retrieve(Query.of("desert caravan route", 10).withAccess(Access.tenant("small", Set.of())));
      assertThat(found).extracting(Candidate::docId).containsExactlyInAnyOrder("s0", "s1", "s2");
    }
  }

  @Test
  void upsertsDeletesAndTheContentHashTouchOnlyTheirTenant() {
    try (LuceneIndex index = threeTenants()) {
      assertThat(index.contentHash("d3")).contains("h-default");
      assertThat(index.contentHash("acme", "d3")).contains("h-acme");
      assertThat(index.contentHash("globex", "d3")).contains("h-globex");
      assertThat(index.contentHash("initech", "d3")).isEmpty();

      index.upsert("acme", "d3", "h2", Set.of(), Chunks.of(encoder, "d3", "", Map.of(), "replaced acme text"));
      assertThat(index.delete("globex", "d4")).isTrue();
      assertThat(index.delete("globex", "d4")).isFalse();
      index.refresh();

      assertThat(index.contentHash("d3")).contains("h-default");
      assertThat(index.contentHash("globex", "d3")).contains("h-globex");
      assertThat(index.contentHash("acme", "d3")).contains("h2");
      assertThat(index.contentHash("acme", "d4")).contains("h-acme");
      assertThat(index.contentHash("d4")).contains("h-default");
      assertThat(index.documentCount()).isEqualTo(59);
      Bm25Retriever bm25 = new Bm25Retriever(index);
      assertThat(bm25.retrieve(Query.of("replaced", 10).withAccess(GLOBEX))).isEmpty();
      assertThat(bm25.retrieve(Query.of("replaced", 10).withAccess(ACME))).extracting(Candidate::docId).containsExactly("d3");
      assertThat(bm25.retrieve(Query.of("globex 4", 50).withAccess(GLOBEX))).extracting(Candidate::docId).doesNotContain("d4");
    }
  }

  @Test
  void chunksWrittenBeforeTenantsReadAsTheDefaultTenantsWithoutAnAccessList() throws Exception {
    try (LuceneIndex index = LuceneIndex.open(dir, encoder.info())) {
      index.commit(); // an index of this encoder, as before tenants
    }
    // what ChunkDocument wrote before tenants and access lists: neither field
    try (FSDirectory d = FSDirectory.open(dir); IndexWriter w = new IndexWriter(d, new IndexWriterConfig(new AnseriniEnglishAnalyzer()))) {
      for (EncodedChunk c : Chunks.of(encoder, "old", "", Map.of(), "camel caravan legacy")) {
        org.apache.lucene.document.Document doc =
            ChunkDocument.of(c.passage(), UnitVectors.normalised(c.vector(), 32, "v"), "h-old", Access.DEFAULT_TENANT, Set.of());
        doc.removeFields(IndexFields.TENANT);
        doc.removeFields(IndexFields.ACL);
        w.addDocument(doc);
      }
      w.commit();
    }
    try (LuceneIndex index = LuceneIndex.open(dir, encoder.info())) {
      index.upsert("acme", "new", "h", Set.of(), Chunks.of(encoder, "new", "", Map.of(), "camel caravan acme"));
      index.upsert(Access.DEFAULT_TENANT, "payroll", "h", Set.of("hr"), Chunks.of(encoder, "payroll", "", Map.of(), "camel caravan salaries"));
      index.refresh();
      Query q = Query.of("camel caravan", 10);
      for (Retriever r : retrievers(index)) {
        assertThat(r.retrieve(q)).as(r.name()).extracting(Candidate::docId).containsExactlyInAnyOrder("old", "payroll");
        assertThat(r.retrieve(q.withAccess(Access.tenant(Access.DEFAULT_TENANT, Set.of())))).as(r.name()).extracting(Candidate::docId)
            .containsExactly("old");
        assertThat(r.retrieve(q.withAccess(Access.tenant(Access.DEFAULT_TENANT, Set.of("hr"))))).as(r.name()).extracting(Candidate::docId)
            .containsExactlyInAnyOrder("old", "payroll");
        assertThat(r.retrieve(q.withAccess(ACME))).as(r.name()).extracting(Candidate::docId).containsExactly("new");
      }
      assertThat(index.contentHash("old")).contains("h-old");
      index.upsert("old", "h2", Chunks.of(encoder, "old", "", Map.of(), "rewritten legacy text"));
      index.refresh();
      assertThat(index.contentHash("old")).contains("h2");
      assertThat(new Bm25Retriever(index).retrieve(Query.of("camel caravan", 10))).extracting(Candidate::docId).containsExactly("payroll");
      assertThat(new Bm25Retriever(index).retrieve(Query.of("rewritten", 10))).extracting(Candidate::docId).containsExactly("old");
      assertThat(index.documentCount()).isEqualTo(3);
    }
  }

  @Test
  void anAccessListHidesADocumentFromCallersOutsideItsGroups() {
    try (LuceneIndex index = LuceneIndex.open(dir, encoder.info())) {
      index.upsert("acme", "payroll", "h", Set.of("hr", "finance"), Chunks.of(encoder, "payroll", "", Map.of(), "salary bands of the caravan staff"));
      index.upsert("acme", "handbook", "h", Set.of(), Chunks.of(encoder, "handbook", "", Map.of(), "caravan staff handbook and salary day"));
      index.refresh();
      for (Retriever r : retrievers(index)) {
        Query q = Query.of("caravan staff salary", 10);
        assertThat(r.retrieve(q.withAccess(Access.tenant("acme", Set.of("hr"))))).as(r.name()).extracting(Candidate::docId)
            .containsExactlyInAnyOrder("payroll", "handbook");
        assertThat(r.retrieve(q.withAccess(Access.tenant("acme", Set.of("sales"))))).as(r.name()).extracting(Candidate::docId)
            .containsExactly("handbook");
        assertThat(r.retrieve(q.withAccess(ACME))).as(r.name()).extracting(Candidate::docId).containsExactly("handbook");
        assertThat(r.retrieve(q.withAccess(new Access("acme", Set.of(), false)))).as(r.name() + " without access-list checks")
            .hasSize(2);
        assertThat(r.retrieve(q.withAccess(Access.tenant("globex", Set.of("hr"))))).as(r.name()).isEmpty();
      }
    }
  }

  @Test
  void feedbackAndSecondStageFeaturesReadOnlyTheTenantsChunks() {
    try (LuceneIndex index = threeTenants()) {
      FeedbackRetrieveStep prf = new FeedbackRetrieveStep(index, Optional.of(Rm3Expansion.anseriniDefaults(index)),
          Optional.of(new RocchioFeedback(index, 5, 1, 0.5)), encoder, new ReciprocalRankFusion(), 20);
      RagState start = RagState.start(Query.of("camel caravan", 10).withAccess(GLOBEX));
      RagState first = start.withCandidates(new Bm25Retriever(index).retrieve(start.query().withK(20)));
      List<Candidate> expanded = prf.run(first).state().candidates();
      assertThat(expanded).isNotEmpty().allSatisfy(c -> assertThat(c.passage().text()).contains("globex"));

      // the chunk ids of the globex candidates exist in every tenant: the features must be globex's,
      // whose chunks alone have the word "globex"
      FusionFeatures features = new FusionFeatures(index, encoder);
      List<Candidate> candidates = first.candidates().subList(0, 5);
      Query q = first.query().withText("camel caravan globex");
      List<double[]> asGlobex = features.extract(q, candidates);
      List<double[]> asAcme = features.extract(q.withAccess(ACME), candidates);
      List<double[]> asDefault = features.extract(q.withAccess(Access.UNRESTRICTED), candidates);
      for (int i = 0; i < candidates.size(); i++) {
        int bm25Log = FusionFeatures.NAMES.indexOf("bm25_log");
        int coverage = FusionFeatures.NAMES.indexOf("body_coverage");
        assertThat(asGlobex.get(i)[bm25Log]).as("bm25 of globex's own chunk").isGreaterThan(asAcme.get(i)[bm25Log]);
        assertThat(asGlobex.get(i)[coverage]).as("query terms in globex's own chunk").isGreaterThan(asAcme.get(i)[coverage]);
        assertThat(asGlobex.get(i)[coverage]).as("query terms in the default tenant's chunk of that id").isGreaterThan(asDefault.get(i)[coverage]);
      }
    }
  }
}
