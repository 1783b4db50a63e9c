package io.caravan.processes;

import static io.caravan.processes.Bpmn.flow;
import static io.caravan.processes.Bpmn.linear;
import static io.caravan.processes.Bpmn.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11, defect 1: a sequence-flow condition is Caravan's small condition language, checked at
 * deploy and evaluated without JUEL, so no BPMN file can reach the JVM through a condition, a
 * skip expression, an element name or a script, not even one deployed around the validator.
 */
class BpmnConditionSecurityTest {

  private static final Set<String> STEPS = Set.of("retrieve", "rerank", "generate", "widen");

  @RegisterExtension
  static final TestEngine engine = TestEngine.withoutProcesses();

  @TempDir
  Path temp;

  private static BpmnValidator validator() {
    return new BpmnValidator(STEPS::contains);
  }

  private static List<ProcessProblem> problems(byte[] xml) {
    return validator().validate("test.bpmn20.xml", xml).problems();
  }

  /** retrieve -> gateway; the gateway's conditioned flow {@code risky} goes to rerank, its default to generate. */
  private static byte[] gatewayWith(String condition) {
    return linear("p", "retrieve", "generate", Bpmn.retrieveThenChoose("risky", condition, "plain"));
  }

  /** Java that would create {@code marker} if any engine evaluated it as an expression. */
  private static String touching(Path marker) {
    return "''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('touch " + marker + "').waitFor()";
  }

  /** Deploys {@code xml} through the engine itself, around the validator, and runs it: the run must fail as the process's failure. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertRunAroundTheValidatorFails(String key, byte[] xml) {
    engine.runner().engine().getRepositoryService().createDeployment().addBytes(key + ".bpmn20.xml", xml).deploy();
    return assertThatThrownBy(() -> engine.runner().run(key, RagState.start(Query.of("anything"))))
        .isInstanceOf(ProcessException.class)
        .hasMessageContaining("process '" + key + "' failed");
  }

  static Stream<String> hostile() {
    return Stream.of(
        // the issue's own exploit and its relatives: reflection, class access, static calls
        "${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('touch /tmp/x') != null}",
        "${run.getClass().getName() == 'io.caravan.processes.ProcessRun'}",
        "${run.getClass().forName('java.lang.Runtime') != null}",
        "${T(java.lang.Runtime).getRuntime().exec('id') != null}",
        "${java.lang.Runtime.getRuntime() != null}",
        "${Runtime.getRuntime().availableProcessors() > 0}",
        // beans, engine objects and variables other than run
        "${caravanStep != null}",
        "${caravanStep.execute(execution) == null}",
        "${processEngineConfiguration.processEngineName != null}",
        "${execution.getProcessInstanceId() != null}",
        "${execution.setVariable('a', 1) == null}",
        "${authenticatedUserId == null}",
        "${variables:get('run') != null}",
        "${fn:contains('ab', 'a')}",
        // method calls and properties on results, navigation out of the vocabulary
        "${'a'.concat('b') == 'ab'}",
        "${run.choice('p').length() > 0}",
        "${run.choice('p').toString() == 'X'}",
        "${run.state().query().k() > 1}",
        "${run.decision('p').choice() == 'X'}",
        "${run.candidateCount}",
        "${run['candidateCount'] > 1}",
        "${run.processKey() == 'p'}",
        "${run.enter('x') > 0}",
        "${run.visits(run.choice('p')) > 1}",
        // EL features outside the vocabulary
        "${run.visits('x') > 1 ? true : false}",
        "${run.candidateCount() + 1 > 2}",
        "${empty run}",
        "${x = 1}",
        "${(x -> x)(true)}",
        "${[1, 2].size() == 2}",
        "${{'a': 1}.size() == 1}",
        "${run.hasAnswer() instanceof java.lang.Boolean}",
        // nesting, composites, deferred syntax, malformed text
        "${run.choice(${x}) == 'a'}",
        "${run.hasAnswer()} ${true}",
        "prefix ${run.hasAnswer()}",
        "#{run.hasAnswer()}",
        "${run.hasAnswer()",
        "${(run.hasAnswer()}",
        "${run.hasAnswer())}",
        "${run.choice('a\\') == 'b'}",
        "${}",
        "run.hasAnswer()",
        // not a condition (not true or false)
        "${run.candidateCount()}",
        "${'yes'}",
        // too deep, too long
        "${" + "(".repeat(100) + "true" + ")".repeat(100) + "}",
        "${" + "!".repeat(200) + "true}",
        "${" + "run.hasAnswer() || ".repeat(100) + "true}");
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void hostileConditionIsRefusedAtDeployNamingTheFlow(String condition) {
    List<ProcessProblem> found = problems(gatewayWith(condition));
    assertThat(found).as("problems for %s", condition).anySatisfy(p -> {
      assertThat(p.elementId()).isEqualTo("risky");
      assertThat(p.line()).isPositive();
      assertThat(p.message()).contains("condition");
    });
    assertThatThrownBy(() -> engine.runner().deploy("hostile.bpmn20.xml", gatewayWith(condition)))
        .isInstanceOf(InvalidProcessException.class)
        .hasMessageContaining("[risky]");
  }

  @Test
  void conditionsOnFlowsLeavingPlainTasksAndInsideSubProcessesAreChecked() {
    String exploit = "${''.getClass().forName('java.lang.Runtime') != null}";
    String body = step("retrieve", "retrieve")
        + "<sequenceFlow id=\"fromTask\" sourceRef=\"retrieve\" targetRef=\"inner\"><conditionExpression xsi:type=\"tFormalExpression\">"
        + "<![CDATA[" + exploit + "]]></conditionExpression></sequenceFlow>\n"
        + "<subProcess id=\"inner\"><startEvent id=\"innerStart\"/>"
        + "<sequenceFlow id=\"insideSub\" sourceRef=\"innerStart\" targetRef=\"innerEnd\"><conditionExpression xsi:type=\"tFormalExpression\">"
        + "<![CDATA[" + exploit + "]]></conditionExpression></sequenceFlow>"
        + "<endEvent id=\"innerEnd\"/></subProcess>\n";
    List<ProcessProblem> found = problems(linear("p", "retrieve", "inner", body));
    assertThat(found).extracting(ProcessProblem::elementId).contains("fromTask", "insideSub");
  }

  @Test
  void scriptLanguageConditionsSkipExpressionsAndExpressionNamesAreRefused() {
    String body = step("retrieve", "retrieve")
        + "<sequenceFlow id=\"scripted\" sourceRef=\"retrieve\" targetRef=\"skipper\"><conditionExpression xsi:type=\"tFormalExpression\" "
        + "language=\"juel\"><![CDATA[${run.hasAnswer()}]]></conditionExpression></sequenceFlow>\n"
        + "<serviceTask id=\"skipper\" flowable:delegateExpression=\"${caravanStep}\" flowable:skipExpression=\"${run.hasAnswer()}\">"
        + "<extensionElements><flowable:field name=\"step\" stringValue=\"generate\"/></extensionElements></serviceTask>\n"
        + "<sequenceFlow id=\"skippedFlow\" sourceRef=\"skipper\" targetRef=\"named\" flowable:skipExpression=\"${true}\"/>\n"
        + "<task id=\"named\" name=\"${''.getClass().forName('java.lang.Runtime')}\"/>\n";
    String text = problems(linear("p", "retrieve", "named", body)).toString();
    assertThat(text).contains("[scripted]", "[skipper]", "[skippedFlow]", "[named]");
  }

  @Test
  void eventParametersThatFlowableEvaluatesAreRefused() {
    String body = step("retrieve", "retrieve")
        + "<endEvent id=\"failed\"><extensionElements>"
        + "<flowable:out sourceExpression=\"${''.getClass().forName('java.lang.Runtime')}\" target=\"x\"/>"
        + "</extensionElements><errorEventDefinition errorRef=\"oops\"/></endEvent>\n"
        + flow("toFailed", "retrieve", "failed");
    assertThat(problems(linear("p", "retrieve", "retrieve", body)))
        .anySatisfy(p -> {
          assertThat(p.elementId()).isEqualTo("failed");
          assertThat(p.message()).contains("flowable:in or flowable:out");
        });
  }

  @Test
  void stepTaskFieldsThatAreExpressionsAreRefused() {
    String task = "<serviceTask id=\"extra\" flowable:delegateExpression=\"${caravanStep}\"><extensionElements>"
        + "<flowable:field name=\"step\" stringValue=\"retrieve\"/>"
        + "<flowable:field name=\"other\" expression=\"${''.getClass()}\"/></extensionElements></serviceTask>\n";
    assertThat(problems(linear("p", "extra", "extra", task))).extracting(ProcessProblem::elementId).contains("extra");
  }

  @Test
  void scriptTasksAreAlwaysRefused() {
    String body = "<scriptTask id=\"tweak\" scriptFormat=\"juel\"><script>${true}</script></scriptTask>\n";
    assertThat(problems(linear("p", "tweak", "tweak", body)))
        .anySatisfy(p -> {
          assertThat(p.elementId()).isEqualTo("tweak");
          assertThat(p.message()).contains("script tasks are never allowed");
        });
  }

  @Test
  void theDocumentedVocabularyIsAccepted() {
    for (String condition : List.of(
        "${run.candidateCount() < run.k()}",
        "${run.candidateCount() == 0}",
        "${run.choice('adaptive-depth') == 'MULTI_STEP'}",
        "${run.hasAnswer()}",
        "${run.visits('agentTurn') >= 6}",
        "${run.hasDecision('depth') && run.choice(\"depth\") ne 'DEEP'}",
        "${not run.hasAnswer() or (run.visits('rerank') lt 3 and run.k() ge 2)}",
        "${!(run.attribute('rewrite') == null)}",
        "${run.attribute('score') > 0.5}",
        "${true}")) {
      assertThat(problems(gatewayWith(condition))).as(condition).isEmpty();
    }
  }

  /** A definition deployed around the validator still cannot run Java: the engine's expressions are Caravan's. */
  @Test
  void hostileConditionDeployedThroughTheEngineDoesNotRunAndFailsClearly() throws Exception {
    Path marker = temp.resolve("pwned");
    String exploit = "${" + touching(marker) + " == 0}";
    byte[] xml = Bpmn.process("around", "<startEvent id=\"start\"/>\n" + flow("in", "start", "choose")
        + "<exclusiveGateway id=\"choose\" default=\"plain\"/>\n"
        + flow("risky", "choose", "end", exploit)
        + flow("plain", "choose", "end")
        + "<endEvent id=\"end\"/>");

    assertRunAroundTheValidatorFails("around", xml).hasMessageContaining("not a Caravan condition");
    assertThat(marker).doesNotExist();
  }

  @Test
  void scriptTaskDeployedThroughTheEngineDoesNotRun() throws Exception {
    Path marker = temp.resolve("scripted");
    String script = "${" + touching(marker) + "}";
    byte[] xml = Bpmn.process("scripted", "<startEvent id=\"start\"/>\n" + flow("in", "start", "tweak")
        + "<scriptTask id=\"tweak\" scriptFormat=\"juel\"><script><![CDATA[" + script + "]]></script></scriptTask>\n"
        + flow("out", "tweak", "end") + "<endEvent id=\"end\"/>");

    assertRunAroundTheValidatorFails("scripted", xml).hasMessageContaining("scripts");
    assertThat(marker).doesNotExist();
  }

  @Test
  void expressionNameDeployedThroughTheEngineDoesNotRun() throws Exception {
    Path marker = temp.resolve("named");
    String name = "${" + touching(marker) + "}";
    byte[] xml = Bpmn.process("named", "<startEvent id=\"start\"/>\n" + flow("in", "start", "idle")
        + "<task id=\"idle\" name=\"" + name.replace("'", "&apos;") + "\"/>\n"
        + flow("out", "idle", "end") + "<endEvent id=\"end\"/>");

    assertRunAroundTheValidatorFails("named", xml);
    assertThat(marker).doesNotExist();
  }

  @Test
  void conditionsAreEvaluatedByTheRunnerWithoutJuel() {
    String body = Bpmn.retrieveThenChoose("toRerank", "${run.candidateCount() >= run.k() and not run.hasAnswer()}", "toGenerate");
    engine.runner().deploy("vocabulary.bpmn20.xml", linear("vocabulary", "retrieve", "generate", body));
    RagState wide = engine.runner().run("vocabulary", RagState.start(Query.of("lucene dense vectors hnsw", 1)));
    assertThat(wide.trace().events()).extracting(e -> e.step()).containsExactly("retrieve", "rerank", "generate");
    RagState narrow = engine.runner().run("vocabulary", RagState.start(Query.of("lucene dense vectors hnsw", 50)));
    assertThat(narrow.trace().events()).extracting(e -> e.step()).containsExactly("retrieve", "generate");
  }
}
