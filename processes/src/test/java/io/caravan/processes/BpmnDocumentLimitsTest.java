package io.caravan.processes;

import static io.caravan.processes.Bpmn.flow;
import static io.caravan.processes.Bpmn.linear;
import static io.caravan.processes.Bpmn.step;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.flowable.bpmn.model.ExclusiveGateway;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, defects 2, 3 (maxVisits) and 5: documents that would exhaust the CPU or the stack are
 * refused before Flowable parses them, with the limit named; every unreadable document is a
 * problem in the report, never an exception.
 */
class BpmnDocumentLimitsTest {

  private static final Set<String> STEPS = Set.of("retrieve", "generate", "widen");
  private final BpmnValidator validator = new BpmnValidator(STEPS::contains);

  private List<ProcessProblem> problems(byte[] xml) {
    return validator.validate("big.bpmn20.xml", xml).problems();
  }

  private static String chain(int tasks, boolean closeTheLoop) {
    StringBuilder body = new StringBuilder("<startEvent id=\"start\"/>\n").append(flow("in", "start", "t0"));
    for (int i = 0; i < tasks; i++) {
      body.append(step("t" + i, "retrieve"));
      if (i + 1 < tasks) {
        body.append(flow("f" + i, "t" + i, "t" + (i + 1)));
      }
    }
    if (closeTheLoop) {
      body.append("<exclusiveGateway id=\"again\" default=\"out\"/>\n")
          .append(flow("last", "t" + (tasks - 1), "again"))
          .append(flow("back", "again", "t0", "${run.candidateCount() < 5}"))
          .append(flow("out", "again", "end"));
    } else {
      body.append(flow("out", "t" + (tasks - 1), "end"));
    }
    return body.append("<endEvent id=\"end\"/>").toString();
  }

  @Test
  void aChainOfTwentyThousandTasksIsRefusedByTheFlowElementLimit() {
    List<ProcessProblem> found = problems(Bpmn.process("long", chain(20_000, false)));
    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.elementId()).isEqualTo("long");
      assertThat(p.message()).contains("more than 2000 flow elements");
    });
  }

  @Test
  void anUnboundedCycleOfFiveThousandTasksIsRefusedByTheFlowElementLimit() {
    List<ProcessProblem> found = problems(Bpmn.process("cycle", chain(5_000, true)));
    assertThat(found).singleElement().satisfies(p -> assertThat(p.message()).contains("more than 2000 flow elements"));
  }

  @Test
  void theElementLimitCountsEveryElement() {
    BpmnValidator small = new BpmnValidator(STEPS::contains, new BpmnLimits(50, 64, 2_000));
    List<ProcessProblem> found = small.validate("big.bpmn20.xml", Bpmn.process("p", chain(20, false))).problems();
    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.elementId()).isNull();
      assertThat(p.line()).isPositive();
      assertThat(p.message()).contains("more than 50 elements");
    });
  }

  @Test
  void anUnboundedCycleBelowTheLimitsReachesTheCycleCheck() {
    // 600 tasks and 601 flows: under the default limit of 2000 flow elements, so FlowCycles runs
    List<ProcessProblem> found = problems(Bpmn.process("cycle", chain(600, true)));
    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.elementId()).isEqualTo("t0");
      assertThat(p.message()).contains("has no bound", "[t0, t1, t2", "601 nodes");
    });
  }

  /** FlowCycles walks without recursion: a ring far longer than any limit allows is one cycle, not a stack overflow. */
  @Test
  void flowCyclesFindsATwentyThousandNodeRingWithoutRecursion() {
    int n = 20_000;
    Process process = new Process();
    process.setId("ring");
    for (int i = 0; i < n; i++) {
      ServiceTask task = new ServiceTask();
      task.setId("t" + i);
      process.addFlowElement(task);
    }
    ExclusiveGateway gate = new ExclusiveGateway();
    gate.setId("gate");
    process.addFlowElement(gate);
    for (int i = 0; i < n; i++) {
      SequenceFlow f = new SequenceFlow("t" + i, i + 1 < n ? "t" + (i + 1) : "gate");
      f.setId("f" + i);
      process.addFlowElement(f);
    }
    SequenceFlow back = new SequenceFlow("gate", "t0");
    back.setId("back");
    process.addFlowElement(back);

    List<List<String>> cycles = FlowCycles.unbounded(process, node -> false);
    assertThat(cycles).singleElement().satisfies(c -> {
      assertThat(c).hasSize(n + 1);
      assertThat(c.get(0)).isEqualTo("t0");
      assertThat(c.get(n)).isEqualTo("gate");
    });
    // one bounded task breaks the ring
    assertThat(FlowCycles.unbounded(process, node -> node.getId().equals("t500"))).isEmpty();
  }

  @Test
  void twentyThousandNestedExtensionElementsAreRefusedByTheDepthLimit() {
    String nested = "<extensionElements>" + "<caravan:x>".repeat(20_000) + "</caravan:x>".repeat(20_000) + "</extensionElements>";
    String task = "<serviceTask id=\"deep\" flowable:delegateExpression=\"${caravanStep}\">" + nested + "</serviceTask>\n";
    List<ProcessProblem> found = problems(linear("p", "deep", "deep", task));
    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.elementId()).isNull();
      assertThat(p.line()).isPositive();
      assertThat(p.message()).contains("nests elements more than 64 deep");
    });
  }

  @Test
  void elementsWithoutIdsAreProblemsNotExceptions() {
    // the BPMN schema leaves ids optional; Caravan's checks key everything by id
    String body = step("t", "retrieve") + flow("a", "t", "g") + "<exclusiveGateway id=\"g\" default=\"x\"/>\n"
        + "<sequenceFlow sourceRef=\"g\" targetRef=\"t\"><conditionExpression>${true}</conditionExpression></sequenceFlow>\n"
        + flow("x", "g", "t2") + step("t2", "generate")
        + "<serviceTask flowable:delegateExpression=\"${caravanStep}\"/>\n";
    List<ProcessProblem> found = problems(linear("p", "t", "t2", body));
    assertThat(found).extracting(ProcessProblem::message)
        .containsExactly("a sequenceFlow has no id; every element of a process needs one",
            "a serviceTask has no id; every element of a process needs one");
    assertThat(found).allSatisfy(p -> assertThat(p.line()).isPositive());
  }

  @Test
  void maxVisitsAboveTheMaximumIsRefused() {
    String body = Bpmn.widenLoop("caravan:maxVisits=\"2147483647\"");
    List<ProcessProblem> found = problems(linear("p", "widen", "generate", body));
    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.elementId()).isEqualTo("widen");
      assertThat(p.message()).contains("from 1 to 1000", "'2147483647'");
    });
    String atTheMaximum = body.replace("2147483647", "1000");
    assertThat(problems(linear("p", "widen", "generate", atTheMaximum))).isEmpty();
  }

  private static byte[] declaring(String encoding) {
    String xml = new String(Bpmn.process("p", "<startEvent id=\"s\"/>" + flow("f", "s", "e") + "<endEvent id=\"e\"/>"),
        StandardCharsets.UTF_8);
    return xml.replace("encoding=\"UTF-8\"", "encoding=\"" + encoding + "\"").getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-16", "UTF-32", "EBCDIC-CP-US", "X-NO-SUCH-ENCODING", "ISO-8859-1"})
  void aDeclaredEncodingOtherThanTheBytesIsAProblem(String encoding) {
    byte[] xml = declaring(encoding);
    if (encoding.equals("ISO-8859-1")) {
      // plain ASCII reads the same in Latin-1, so the declaration is true; one accented letter makes it false
      assertThat(problems(xml)).isEmpty();
      xml = new String(xml, StandardCharsets.UTF_8).replace("<startEvent id=\"s\"/>", "<startEvent id=\"s\" name=\"caf\u00e9\"/>")
          .getBytes(StandardCharsets.UTF_8);
    }
    assertThat(problems(xml)).singleElement().satisfies(p -> {
      assertThat(p.elementId()).isNull();
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.message()).contains("declares encoding " + encoding, "UTF-8");
    });
  }

  @Test
  void aDocumentActuallyInUtf16IsAProblem() {
    String xml = new String(declaring("UTF-16"), StandardCharsets.UTF_8);
    for (Charset charset : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, Charset.forName("UTF-32"))) {
      assertThat(problems(xml.getBytes(charset))).as(charset.name()).singleElement()
          .satisfies(p -> assertThat(p.message()).contains("UTF-8"));
    }
  }

  @Test
  void invalidUtf8IsAProblemWithItsLine() {
    byte[] good = Bpmn.process("p", "<startEvent id=\"s\" name=\"ok\"/>" + flow("f", "s", "e") + "<endEvent id=\"e\"/>");
    String text = new String(good, StandardCharsets.UTF_8);
    int at = text.indexOf("ok\"");
    ByteArrayOutputStream bad = new ByteArrayOutputStream();
    bad.write(good, 0, at);
    bad.write(0xC3); // a lead byte without its continuation
    bad.write(good, at, good.length - at);
    List<ProcessProblem> found = problems(bad.toByteArray());
    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo((int) text.substring(0, at).lines().count());
      assertThat(p.message()).contains("not valid UTF-8");
    });
  }

  @Test
  void anUndefinedEntityIsAProblem() {
    byte[] xml = Bpmn.process("p", "<documentation>a &nope; b</documentation><startEvent id=\"s\"/>"
        + flow("f", "s", "e") + "<endEvent id=\"e\"/>");
    assertThat(problems(xml)).singleElement().satisfies(p -> {
      assertThat(p.line()).isPositive();
      assertThat(p.message()).contains("&nope;");
    });
  }

  @Test
  void aDtdIsAProblem() {
    String xml = new String(Bpmn.process("p", "<documentation>a &x; b</documentation><startEvent id=\"s\"/>"
        + flow("f", "s", "e") + "<endEvent id=\"e\"/>"), StandardCharsets.UTF_8)
        .replace("<definitions", "<!DOCTYPE definitions [<!ENTITY x \"expanded\">]>\n<definitions");
    assertThat(problems(xml.getBytes(StandardCharsets.UTF_8))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("DTD"));
  }

  @Test
  void aByteOrderMarkIsAProblemNotAnException() {
    byte[] xml = Bpmn.process("p", "<startEvent id=\"s\"/>" + flow("f", "s", "e") + "<endEvent id=\"e\"/>");
    byte[] withBom = new byte[xml.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(xml, 0, withBom, 3, xml.length);
    assertThat(problems(withBom)).singleElement().satisfies(p -> assertThat(p.message()).contains("byte order mark"));
  }
}
