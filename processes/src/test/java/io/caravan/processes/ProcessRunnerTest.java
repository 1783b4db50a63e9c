package io.caravan.processes;

import static io.caravan.processes.Bpmn.flow;
import static io.caravan.processes.Bpmn.linear;
import static io.caravan.processes.Bpmn.step;
import static io.caravan.processes.TestEngine.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.step.StepRegistry;
import io.caravan.processes.camel.CaravanComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real Flowable on in-memory H2, real Camel direct routes, real steps over a five-passage corpus. */
class ProcessRunnerTest {

  @RegisterExtension
  static final TestEngine engine = TestEngine.withBundledProcesses();

  @BeforeAll
  static void deployTestProcesses() {
    engine.runner().deploy("loop.bpmn20.xml", Bpmn.resource("loop.bpmn20.xml"));
    engine.runner().deploy("branching.bpmn20.xml", Bpmn.resource("branching.bpmn20.xml"));
    engine.runner().deploy("failing.bpmn20.xml", Bpmn.resource("failing.bpmn20.xml"));
  }

  @Test
  void ragRunsRetrieveRerankGenerateInOrder() {
    RagState initial = RagState.start(Query.of("how does lucene store dense vectors", 2));
    RagState done = engine.runner().run("rag", initial);

    assertThat(done.id()).isEqualTo(initial.id());
    assertThat(steps(done)).containsExactly("retrieve", "rerank", "generate");
    assertThat(done.candidates()).hasSizeLessThanOrEqualTo(2);
    assertThat(done.candidates().get(0).docId()).isEqualTo("lucene");
    assertThat(done.candidates().get(0).scores()).containsKeys("overlap", "jaccard");
    assertThat(done.answer().text()).isEqualTo("Lucene indexes dense vectors in HNSW graphs.");
    assertThat(done.answer().citations()).extracting(c -> c.docId()).containsExactly("lucene");
  }

  @Test
  void deployedProcessesAreListedByKey() {
    assertThat(engine.runner().processes()).extracting(DeployedProcess::key)
        .contains("rag", "widen-loop", "branching", "failing");
    DeployedProcess rag = engine.runner().processes().stream().filter(p -> p.key().equals("rag")).findFirst().orElseThrow();
    assertThat(rag.name()).isEqualTo("Retrieve, rerank, generate");
    assertThat(rag.resourceName()).isEqualTo("rag.bpmn20.xml");
  }

  @Test
  void redeployingUnchangedBytesKeepsTheVersionAndAChangeAddsOne() {
    byte[] v1 = linear("versioned", "retrieve", "retrieve", step("retrieve", "retrieve"));
    DeployedProcess first = engine.runner().deploy("versioned.bpmn20.xml", v1);
    assertThat(engine.runner().deploy("versioned.bpmn20.xml", v1).version()).isEqualTo(first.version());

    byte[] v2 = linear("versioned", "retrieve", "generate",
        step("retrieve", "retrieve") + flow("f", "retrieve", "generate") + step("generate", "generate"));
    DeployedProcess second = engine.runner().deploy("versioned.bpmn20.xml", v2);
    assertThat(second.version()).isEqualTo(first.version() + 1);
    assertThat(steps(engine.runner().run("versioned", RagState.start(Query.of("camel routes")))))
        .containsExactly("retrieve", "generate");
  }

  @Test
  void concurrentRunsKeepTheirOwnState() throws Exception {
    String[][] questions = {
      {"lucene", "lucene hnsw graphs bm25"},
      {"flowable", "flowable bpmn processes database"},
      {"camel", "camel routes endpoints exchanges"},
      {"onnx", "onnx runtime encoder models cpu"},
      {"triton", "triton grpc dynamic batching"},
    };
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String[]>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String[] q = questions[i % questions.length];
        futures.add(pool.submit(() -> {
          RagState done = engine.runner().run("rag", RagState.start(Query.of(q[1], 3)));
          return new String[] {q[0], done.answer().citations().get(0).docId(), String.join(",", steps(done)), done.query().text(), q[1]};
        }));
      }
      for (Future<String[]> f : futures) {
        String[] r = f.get();
        assertThat(r[1]).as("answer source for %s", r[4]).isEqualTo(r[0]);
        assertThat(r[2]).isEqualTo("retrieve,rerank,generate");
        assertThat(r[3]).isEqualTo(r[4]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unknownProcessKeyIsReportedWithTheKnownOnes() {
    assertThatThrownBy(() -> engine.runner().run("no-such-process", RagState.start(Query.of("anything"))))
        .isInstanceOf(UnknownProcessException.class)
        .hasMessageContaining("'no-such-process'")
        .hasMessageContaining("rag");
  }

  @Test
  void failingStepNamesProcessTaskAndStep() {
    assertThatThrownBy(() -> engine.runner().run("failing", RagState.start(Query.of("lucene"))))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.processKey()).isEqualTo("failing");
          assertThat(e.taskId()).isEqualTo("explodeTask");
          assertThat(e.step()).isEqualTo("explode");
        })
        .hasMessageContaining("step 'explode' failed in process 'failing' at task 'explodeTask'")
        .hasMessageContaining("index 'main' is offline")
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void stepThatIsGoneFailsTheRunClearly() throws Exception {
    DefaultCamelContext own = StepRoutes.start(TestCorpus.steps());
    try (ProcessRunner local = new ProcessRunner(own)) {
      local.deployBundled();
      StepRegistry registry = CaravanComponent.registry(own);
      assertThat(registry.unregister(registry.require("rerank"))).isTrue();
      assertThatThrownBy(() -> local.run("rag", RagState.start(Query.of("lucene vectors"))))
          .isInstanceOf(StepFailedException.class)
          .hasMessageContaining("step 'rerank' failed in process 'rag' at task 'rerank'")
          .hasMessageContaining("caravan:step:rerank")
          .hasMessageContaining("unknown step 'rerank': no Java step or route is registered under that name");
    } finally {
      own.close();
    }
  }

  @Test
  void boundedLoopStopsWhenTheGatewaySaysEnough() {
    RagState done = engine.runner().run("widen-loop", RagState.start(Query.of("widen please", 3)));
    assertThat(steps(done)).containsExactly("widen", "widen", "widen", "generate");
    assertThat(done.candidates()).hasSize(3);
  }

  @Test
  void loopPastItsBoundFailsInsteadOfSpinning() {
    assertThatThrownBy(() -> engine.runner().run("widen-loop", RagState.start(Query.of("widen please", 10))))
        .isInstanceOfSatisfying(LoopBoundExceededException.class, e -> {
          assertThat(e.processKey()).isEqualTo("widen-loop");
          assertThat(e.taskId()).isEqualTo("widen");
          assertThat(e.maxVisits()).isEqualTo(5);
        })
        .hasMessageContaining("more than its bound of 5 visits");
  }

  @Test
  void gatewayFollowsThePolicyChoice() {
    RagState deep = engine.runner().run("branching", RagState.start(Query.of("how does triton batch requests")));
    assertThat(steps(deep)).containsExactly("depth", "retrieve", "rerank", "generate");
    assertThat(deep.trace().events().get(0).decision().choice()).isEqualTo("DEEP");

    RagState shallow = engine.runner().run("branching", RagState.start(Query.of("triton batching")));
    assertThat(steps(shallow)).containsExactly("depth", "retrieve", "generate");
  }

  @Test
  void parallelBranchesAndSubProcessesShareTheRunState() {
    String body = "<parallelGateway id=\"fork\"/>\n"
        + flow("a", "fork", "retrieve") + flow("b", "fork", "decide")
        + step("retrieve", "retrieve") + step("decide", "depth")
        + flow("c", "retrieve", "join") + flow("d", "decide", "join")
        + "<parallelGateway id=\"join\"/>\n" + flow("e", "join", "refine")
        + "<subProcess id=\"refine\"><startEvent id=\"subStart\"/>" + flow("s1", "subStart", "rerank")
        + step("rerank", "rerank") + flow("s2", "rerank", "subEnd") + "<endEvent id=\"subEnd\"/></subProcess>\n"
        + flow("g", "refine", "generate") + step("generate", "generate");
    engine.runner().deploy("parallel.bpmn20.xml", linear("parallel", "fork", "generate", body));

    RagState done = engine.runner().run("parallel", RagState.start(Query.of("camel direct component thread", 2)));
    assertThat(steps(done)).containsExactlyInAnyOrder("retrieve", "depth", "rerank", "generate");
    assertThat(steps(done).subList(2, 4)).containsExactly("rerank", "generate");
    assertThat(done.answer().citations()).extracting(c -> c.docId()).containsExactly("camel");
  }

  @Test
  void gatewayReadingADecisionNobodyMadeFailsClearly() {
    String body = Bpmn.retrieveThenChoose("deep", "${run.choice('adaptive-depth') == 'MULTI_STEP'}", "plain");
    engine.runner().deploy("undecided.bpmn20.xml", linear("undecided", "retrieve", "generate", body));
    assertThatThrownBy(() -> engine.runner().run("undecided", RagState.start(Query.of("lucene"))))
        .isInstanceOf(ProcessFailedException.class)
        .hasMessageContaining("process 'undecided' failed")
        .hasMessageContaining("no step named 'adaptive-depth' has run");
  }

  @Test
  void deployRejectsAStepNoRouteConsumes() {
    byte[] xml = linear("typo", "fetch", "fetch", step("fetch", "retreive"));
    assertThatThrownBy(() -> engine.runner().deploy("typo.bpmn20.xml", xml))
        .isInstanceOfSatisfying(InvalidProcessException.class, e ->
            assertThat(e.problems()).singleElement().extracting(ProcessProblem::elementId).isEqualTo("fetch"))
        .hasMessageContaining("typo.bpmn20.xml [fetch]")
        .hasMessageContaining("unknown step 'retreive'");
    assertThat(engine.runner().processes()).extracting(DeployedProcess::key).doesNotContain("typo");
  }

  @Test
  void deployRejectsABadResourceName() {
    assertThatThrownBy(() -> engine.runner().deploy("rag.xml", Bpmn.resource("rag.bpmn20.xml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".bpmn20.xml");
  }

  @Test
  void deployFolderRejectsEverythingWhenOneFileIsBad(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("a-good.bpmn20.xml"), linear("folder-good", "retrieve", "retrieve", step("retrieve", "retrieve")));
    Files.writeString(dir.resolve("b-bad.bpmn"), "<definitions><process id=\"x\">", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("notes.txt"), "not a process", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> engine.runner().deployFolder(dir))
        .isInstanceOfSatisfying(InvalidProcessException.class, e ->
            assertThat(e.problems()).extracting(ProcessProblem::resource).containsOnly("b-bad.bpmn"))
        .hasMessageContaining("b-bad.bpmn")
        .hasMessageContaining("not a readable BPMN 2.0 document");
    assertThat(engine.runner().processes()).extracting(DeployedProcess::key).doesNotContain("folder-good");

    Files.delete(dir.resolve("b-bad.bpmn"));
    assertThat(engine.runner().deployFolder(dir)).extracting(DeployedProcess::key).containsExactly("folder-good");
  }

  @Test
  void deployFolderRejectsTheSameProcessIdTwice(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("one.bpmn20.xml"), linear("twice", "retrieve", "retrieve", step("retrieve", "retrieve")));
    Files.write(dir.resolve("two.bpmn20.xml"), linear("twice", "generate", "generate", step("generate", "generate")));
    assertThatThrownBy(() -> engine.runner().deployFolder(dir))
        .isInstanceOf(InvalidProcessException.class)
        .hasMessageContaining("two.bpmn20.xml [twice]")
        .hasMessageContaining("also defined in one.bpmn20.xml");
  }

  @Test
  void deployFolderNeedsADirectory(@TempDir Path dir) {
    assertThatThrownBy(() -> engine.runner().deployFolder(dir.resolve("missing")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void aClosedRunnerRefusesWork() throws Exception {
    DefaultCamelContext own = StepRoutes.start(TestCorpus.steps());
    try {
      ProcessRunner local = new ProcessRunner(own);
      local.deployBundled();
      local.close();
      local.close(); // idempotent
      assertThatThrownBy(() -> local.run("rag", RagState.start(Query.of("lucene"))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThat(own.isStarted()).as("the runner leaves the Camel context alone").isTrue();
    } finally {
      own.close();
    }
  }

  @Test
  void theBundledIterativeLoopTerminatesThroughItsPolicy() {
    // the five-passage corpus gives every round the same evidence: the policy stops at round 2 at the latest
    RagState done = engine.runner().run("iterative-rag", RagState.start(Query.of("how does camel call a route in the same thread", 3)));
    List<String> steps = steps(done);
    assertThat(steps.stream().filter("retrieve"::equals).count()).isBetween(1L, 3L);
    assertThat(steps).endsWith("iteration", "use-notes", "generate");
    assertThat(done.trace().events().stream().filter(e -> e.decision() != null).map(e -> e.decision().choice()).toList()).last().isEqualTo("STOP");
    assertThat(done.candidates().get(0).docId()).isEqualTo("camel");
  }

  @Test
  void theBundledAdaptiveProcessChecksItsSingleStep() {
    // the test wiring runs the depth policy with the classifier off: one step, then the uncertainty check
    RagState done = engine.runner().run("adaptive-rag", RagState.start(Query.of("how does lucene store dense vectors", 2)));
    List<String> steps = steps(done);
    assertThat(steps.subList(0, 6)).containsExactly("query-features", "adaptive-depth", "retrieve", "rerank", "generate", "adaptive-depth");
    assertThat(done.trace().events().get(5).decision().signals()).containsEntry("phase", "check");
  }
}
