package io.caravan.processes;

import static io.caravan.processes.Bpmn.flow;
import static io.caravan.processes.Bpmn.linear;
import static io.caravan.processes.Bpmn.process;
import static io.caravan.processes.Bpmn.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BpmnValidatorTest {

  private static final Set<String> STEPS = Set.of("retrieve", "rerank", "generate", "widen", "depth");
  private final BpmnValidator validator = new BpmnValidator(STEPS::contains);

  private List<ProcessProblem> problems(byte[] xml) {
    return validator.validate("test.bpmn20.xml", xml).problems();
  }

  private static String messages(List<ProcessProblem> problems) {
    return problems.stream().map(ProcessProblem::toString).reduce("", (a, b) -> a + b + "\n");
  }

  @Test
  void bundledAndSampleProcessesAreValid() {
    ValidationReport rag = validator.validate("rag.bpmn20.xml", Bpmn.resource("rag.bpmn20.xml"));
    assertThat(rag.problems()).isEmpty();
    assertThat(rag.processIds()).containsExactly("rag");
    assertThat(validator.validate("loop.bpmn20.xml", Bpmn.resource("loop.bpmn20.xml")).problems()).isEmpty();
    assertThat(validator.validate("branching.bpmn20.xml", Bpmn.resource("branching.bpmn20.xml")).problems()).isEmpty();
  }

  @Test
  void unknownStepIsReportedWithTaskIdAndEndpoint() {
    List<ProcessProblem> found = problems(linear("p", "fetch", "fetch", step("fetch", "retreive")));
    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.elementId()).isEqualTo("fetch");
      assertThat(p.line()).isPositive();
      assertThat(p.message()).contains("unknown step 'retreive'", "caravan:step:retreive");
    });
  }

  @Test
  void stepTaskWithoutStepFieldIsReported() {
    String task = "<serviceTask id=\"anon\" flowable:delegateExpression=\"${caravanStep}\"/>\n";
    assertThat(messages(problems(linear("p", "anon", "anon", task))))
        .contains("[anon]", "no <flowable:field name=\"step\"");
  }

  @Test
  void stepFieldAsExpressionIsReported() {
    String task = "<serviceTask id=\"dyn\" flowable:delegateExpression=\"${caravanStep}\"><extensionElements>"
        + "<flowable:field name=\"step\" expression=\"${stepName}\"/></extensionElements></serviceTask>\n";
    assertThat(messages(problems(linear("p", "dyn", "dyn", task)))).contains("[dyn]", "must be a fixed step name");
  }

  @Test
  void javaClassExpressionAndTypedTasksAreRefused() {
    String body = "<serviceTask id=\"byClass\" flowable:class=\"com.example.Evil\"/>\n"
        + flow("a", "byClass", "byExpression")
        + "<serviceTask id=\"byExpression\" flowable:expression=\"${someBean.doIt(execution)}\"/>\n"
        + flow("b", "byExpression", "byOtherBean")
        + "<serviceTask id=\"byOtherBean\" flowable:delegateExpression=\"${otherBean}\"/>\n"
        + flow("c", "byOtherBean", "camelTask")
        + "<serviceTask id=\"camelTask\" flowable:type=\"camel\"/>\n";
    List<ProcessProblem> found = problems(linear("p", "byClass", "camelTask", body));
    assertThat(found).extracting(ProcessProblem::elementId).contains("byClass", "byExpression", "byOtherBean", "camelTask");
    String text = messages(found);
    assertThat(text).contains("[byClass]", "com.example.Evil", "BPMN files hold no Java");
    assertThat(text).contains("[camelTask]", "'camel' task");
  }

  @Test
  void gatewayWithoutDefaultFlowIsReported() {
    String body = step("retrieve", "retrieve") + flow("f1", "retrieve", "choose")
        + "<exclusiveGateway id=\"choose\"/>\n"
        + flow("yes", "choose", "rerank", "${run.candidateCount() > 3}")
        + flow("no", "choose", "generate", "${run.candidateCount() <= 3}")
        + step("rerank", "rerank") + flow("f2", "rerank", "generate")
        + step("generate", "generate");
    List<ProcessProblem> found = problems(linear("p", "retrieve", "generate", body));
    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.elementId()).isEqualTo("choose");
      assertThat(p.message()).contains("exclusive gateway has 2 outgoing flows and no default flow");
    });
  }

  @Test
  void inclusiveGatewayFlowWithoutConditionIsReported() {
    String body = step("retrieve", "retrieve") + flow("f1", "retrieve", "fork")
        + "<inclusiveGateway id=\"fork\" default=\"toGenerate\"/>\n"
        + flow("toRerank", "fork", "rerank")
        + flow("toGenerate", "fork", "generate")
        + step("rerank", "rerank") + flow("f2", "rerank", "generate")
        + step("generate", "generate");
    assertThat(messages(problems(linear("p", "retrieve", "generate", body))))
        .contains("[toRerank]", "leaves inclusive gateway 'fork' without a condition");
  }

  @Test
  void unboundedLoopIsReportedWithItsElements() {
    String body = Bpmn.widenLoop("");
    List<ProcessProblem> found = problems(linear("p", "widen", "generate", body));
    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.elementId()).isEqualTo("widen");
      assertThat(p.message()).contains("loop through [widen, enough] has no bound", "caravan:maxVisits");
    });
  }

  @Test
  void loopBoundedOnAnyOfItsServiceTasksIsAccepted() {
    String body = step("widen", "widen") + flow("f1", "widen", "rerank")
        + step("rerank", "rerank", "caravan:maxVisits=\"3\"") + flow("f2", "rerank", "enough")
        + "<exclusiveGateway id=\"enough\" default=\"done\"/>\n"
        + flow("again", "enough", "widen", "${run.candidateCount() < 5}")
        + flow("done", "enough", "generate")
        + step("generate", "generate");
    assertThat(problems(linear("p", "widen", "generate", body))).isEmpty();
  }

  @Test
  void nestedCyclesNeedABoundEach() {
    // outer loop widen -> check -> widen is bounded; the inner rerank <-> gate loop is not
    String body = step("widen", "widen", "caravan:maxVisits=\"4\"") + flow("f1", "widen", "rerank")
        + step("rerank", "rerank") + flow("f2", "rerank", "gate")
        + "<exclusiveGateway id=\"gate\" default=\"toCheck\"/>\n"
        + flow("loopInner", "gate", "rerank", "${run.visits('rerank') < 2}")
        + flow("toCheck", "gate", "check")
        + "<exclusiveGateway id=\"check\" default=\"done\"/>\n"
        + flow("loopOuter", "check", "widen", "${run.candidateCount() < 5}")
        + flow("done", "check", "generate")
        + step("generate", "generate");
    List<ProcessProblem> found = problems(linear("p", "widen", "generate", body));
    assertThat(found).singleElement().satisfies(p -> assertThat(p.message()).contains("[rerank, gate]"));
  }

  @Test
  void maxVisitsMustBeAPositiveWholeNumber() {
    String body = Bpmn.widenLoop("caravan:maxVisits=\"0\"");
    String text = messages(problems(linear("p", "widen", "generate", body)));
    assertThat(text).contains("[widen]", "must be a whole number from 1 to 1000, was '0'", "loop through [widen, enough]");
  }

  @Test
  void scriptTasksAreNeverAllowed() {
    String body = "<scriptTask id=\"tweak\" scriptFormat=\"groovy\"><script>run.toString()</script></scriptTask>\n";
    byte[] xml = linear("p", "tweak", "tweak", body);
    assertThat(messages(problems(xml))).contains("[tweak]", "script tasks are never allowed");
  }

  @Test
  void malformedXmlGivesTheLine() {
    byte[] xml = ("<?xml version=\"1.0\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" targetNamespace=\"t\">\n"
        + "  <process id=\"p\">\n    <startEvent id=\"s\">\n  </process>\n</definitions>\n").getBytes(StandardCharsets.UTF_8);
    List<ProcessProblem> found = problems(xml);
    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.elementId()).isNull();
      assertThat(p.line()).isBetween(4, 6);
      assertThat(p.message()).startsWith("not a readable BPMN 2.0 document").contains("startEvent");
    });
  }

  @Test
  void notBpmnAtAllIsReported() {
    assertThat(messages(problems("just text".getBytes(StandardCharsets.UTF_8)))).contains("not a readable BPMN 2.0 document");
  }

  @Test
  void missingStartEndAndIdAreReported() {
    String noStart = "<process id=\"noStart\" isExecutable=\"true\">" + step("retrieve", "retrieve")
        + flow("f", "retrieve", "end") + "<endEvent id=\"end\"/></process>";
    assertThat(messages(problems(Bpmn.definitions(noStart)))).contains("[noStart]", "no start event");

    String noEnd = "<process id=\"noEnd\" isExecutable=\"true\"><startEvent id=\"start\"/>"
        + flow("f", "start", "retrieve") + step("retrieve", "retrieve") + "</process>";
    assertThat(messages(problems(Bpmn.definitions(noEnd)))).contains("[noEnd]", "no end event");

    String noId = "<process isExecutable=\"true\"><startEvent id=\"start\"/>" + flow("f", "start", "end")
        + "<endEvent id=\"end\"/></process>";
    assertThat(messages(problems(Bpmn.definitions(noId)))).contains("a process has no id");
  }

  @Test
  void waitStatesListenersAndAsyncAreRefused() {
    String body = "<userTask id=\"approve\"/>\n" + flow("f1", "approve", "fetch")
        + step("fetch", "retrieve", "flowable:async=\"true\"") + flow("f2", "fetch", "listened")
        + "<serviceTask id=\"listened\" flowable:delegateExpression=\"${caravanStep}\"><extensionElements>"
        + "<flowable:executionListener event=\"start\" class=\"com.example.Spy\"/>"
        + "<flowable:field name=\"step\" stringValue=\"generate\"/></extensionElements></serviceTask>\n";
    String text = messages(problems(linear("p", "approve", "listened", body)));
    assertThat(text).contains("[approve]", "UserTask", "[fetch]", "asynchronous", "[listened]", "execution listeners");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String body = "<serviceTask id=\"byClass\" flowable:class=\"com.example.Evil\"/>\n" + flow("f1", "byClass", "fetch")
        + step("fetch", "nosuchstep") + flow("f2", "fetch", "choose")
        + "<exclusiveGateway id=\"choose\"/>\n"
        + flow("a", "choose", "byClass", "${true}")
        + flow("b", "choose", "end2", "${false}")
        + "<endEvent id=\"end2\"/>\n"
        + "<scriptTask id=\"tweak\" scriptFormat=\"groovy\"><script>1</script></scriptTask>\n"
        + flow("f3", "fetch", "tweak");
    List<ProcessProblem> found = problems(linear("p", "byClass", "tweak", body));
    assertThat(found).extracting(ProcessProblem::elementId)
        .contains("byClass", "fetch", "choose", "tweak");
    assertThat(messages(found)).contains("loop through");
    assertThatThrownBy(() -> validator.validate("all.bpmn20.xml", linear("p", "byClass", "tweak", body)).orThrow())
        .isInstanceOf(InvalidProcessException.class)
        .hasMessageContaining("all.bpmn20.xml [byClass]")
        .hasMessageContaining("all.bpmn20.xml [choose]")
        .hasMessageContaining("all.bpmn20.xml [tweak]");
  }

  @Test
  void oneProcessPerFile() {
    String two = "<process id=\"a\" isExecutable=\"true\"><startEvent id=\"s1\"/>" + flow("f1", "s1", "e1")
        + "<endEvent id=\"e1\"/></process><process id=\"b\" isExecutable=\"true\"><startEvent id=\"s2\"/>"
        + flow("f2", "s2", "e2") + "<endEvent id=\"e2\"/></process>";
    assertThat(messages(problems(Bpmn.definitions(two)))).contains("defines 2 processes");
  }

  @Test
  void processWithOnlyEventsIsValid() {
    assertThat(problems(process("empty", "<startEvent id=\"s\"/>" + flow("f", "s", "e") + "<endEvent id=\"e\"/>"))).isEmpty();
  }
}
