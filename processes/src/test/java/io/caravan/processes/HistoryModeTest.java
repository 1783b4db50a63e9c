package io.caravan.processes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.flowable.engine.HistoryService;
import org.flowable.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What each history mode leaves in the database after a run. */
class HistoryModeTest {

  private static DefaultCamelContext camel;

  @BeforeAll
  static void start() throws Exception {
    camel = StepRoutes.start(TestCorpus.steps());
  }

  @AfterAll
  static void stop() throws Exception {
    camel.close();
  }

  @Test
  void auditKeepsTheInstanceAndTheTraceAsJson() throws Exception {
    try (ProcessRunner runner = new ProcessRunner(camel, ProcessSettings.defaults().withHistory(HistoryMode.AUDIT))) {
      runner.deployBundled();
      RagState done = runner.run("rag", RagState.start(Query.of("flowable history database", 2)));

      HistoryService history = runner.engine().getHistoryService();
      HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
          .processInstanceBusinessKey(done.id()).singleResult();
      assertThat(instance).isNotNull();
      assertThat(instance.getProcessDefinitionKey()).isEqualTo("rag");
      assertThat(instance.getEndTime()).isNotNull();
      assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
          .activityType("serviceTask").count()).isEqualTo(3);

      HistoricRun run = runner.history(done.id()).orElseThrow();
      assertThat(run.processInstanceId()).isEqualTo(instance.getId());
      assertThat(run.end()).isNotNull();
      JsonNode trace = new ObjectMapper().readTree(run.traceJson());
      List<String> steps = new ArrayList<>();
      trace.forEach(e -> steps.add(e.get("step").asText()));
      assertThat(steps).containsExactly("retrieve", "rerank", "generate");
      assertThat(trace.get(0).get("candidates").get(0).get("docId").asText()).isEqualTo("flowable");
      assertThat(trace.get(0).get("inputs").get("retriever").asText()).isEqualTo("overlap");

      String query = (String) history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
          .variableName(CaravanBpmn.QUERY_VARIABLE).singleResult().getValue();
      assertThat(query).isEqualTo("flowable history database");
    }
  }

  @Test
  void fastKeepsNothing() {
    try (ProcessRunner runner = new ProcessRunner(camel)) {
      runner.deployBundled();
      RagState done = runner.run("rag", RagState.start(Query.of("flowable history database", 2)));
      assertThat(done.trace().events()).hasSize(3);

      HistoryService history = runner.engine().getHistoryService();
      assertThat(history.createHistoricProcessInstanceQuery().count()).isZero();
      assertThat(history.createHistoricVariableInstanceQuery().count()).isZero();
      assertThat(history.createHistoricActivityInstanceQuery().count()).isZero();
      assertThat(runner.engine().getRuntimeService().createExecutionQuery().count()).isZero();
      assertThat(runner.history(done.id())).isEmpty();
    }
  }

  @Test
  void decisionSignalsAreWrittenToTheAuditTrace() throws Exception {
    try (ProcessRunner runner = new ProcessRunner(camel, ProcessSettings.defaults().withHistory(HistoryMode.FULL))) {
      runner.deploy("branching.bpmn20.xml", Bpmn.resource("branching.bpmn20.xml"));
      RagState done = runner.run("branching", RagState.start(Query.of("how does triton batch requests")));
      JsonNode first = new ObjectMapper().readTree(runner.history(done.id()).orElseThrow().traceJson()).get(0);
      assertThat(first.get("decision").get("choice").asText()).isEqualTo("DEEP");
      assertThat(first.get("decision").get("signals").get("words").asInt()).isEqualTo(5);
    }
  }
}
