package io.caravan.processes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds small BPMN documents for tests, in the authoring contract's vocabulary. */
final class Bpmn {

  private Bpmn() {}

  static byte[] definitions(String processes) {
    return ("""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xmlns:flowable="http://flowable.org/bpmn"
                     xmlns:caravan="http://caravan.io/bpmn"
                     targetNamespace="http://caravan.io/test">
        """ + processes + "\n</definitions>\n").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] process(String id, String body) {
    return definitions("<process id=\"" + id + "\" isExecutable=\"true\">\n" + body + "\n</process>");
  }

  static String step(String id, String step) {
    return step(id, step, "");
  }

  static String step(String id, String step, String extraAttributes) {
    return "<serviceTask id=\"" + id + "\" flowable:delegateExpression=\"${caravanStep}\" " + extraAttributes + ">"
        + "<extensionElements><flowable:field name=\"step\" stringValue=\"" + step + "\"/></extensionElements>"
        + "</serviceTask>\n";
  }

  static String flow(String id, String from, String to) {
    return "<sequenceFlow id=\"" + id + "\" sourceRef=\"" + from + "\" targetRef=\"" + to + "\"/>\n";
  }

  static String flow(String id, String from, String to, String condition) {
    return "<sequenceFlow id=\"" + id + "\" sourceRef=\"" + from + "\" targetRef=\"" + to + "\">"
        + "<conditionExpression xsi:type=\"tFormalExpression\"><![CDATA[" + condition + "]]></conditionExpression>"
        + "</sequenceFlow>\n";
  }

  /** start -> the given middle -> end, with flows from start to {@code first} and from {@code last} to end. */
  static byte[] linear(String id, String first, String last, String middle) {
    return process(id, "<startEvent id=\"start\"/>\n" + flow("in", "start", first) + middle
        + flow("out", last, "end") + "<endEvent id=\"end\"/>");
  }

  /**
   * retrieve, then gateway {@code choose}: flow {@code conditioned} (when {@code condition} holds)
   * to rerank and on to generate, the default flow {@code otherwise} straight to generate.
   */
  static String retrieveThenChoose(String conditioned, String condition, String otherwise) {
    return step("retrieve", "retrieve") + flow("f1", "retrieve", "choose")
        + "<exclusiveGateway id=\"choose\" default=\"" + otherwise + "\"/>\n"
        + flow(conditioned, "choose", "rerank", condition)
        + flow(otherwise, "choose", "generate")
        + step("rerank", "rerank") + flow("f2", "rerank", "generate")
        + step("generate", "generate");
  }

  /**
   * widen, then gateway {@code enough}: flow {@code again} back to widen while there are fewer than
   * five candidates, the default flow {@code done} on to generate. The loop is bounded only if
   * {@code widenAttributes} gives widen a {@code caravan:maxVisits}.
   */
  static String widenLoop(String widenAttributes) {
    return step("widen", "widen", widenAttributes) + flow("f1", "widen", "enough")
        + "<exclusiveGateway id=\"enough\" default=\"done\"/>\n"
        + flow("again", "enough", "widen", "${run.candidateCount() < 5}")
        + flow("done", "enough", "generate")
        + step("generate", "generate");
  }

  static byte[] resource(String name) {
    try (InputStream in = Bpmn.class.getResourceAsStream("/io/caravan/processes/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
