package io.caravan.processes;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The first look at a BPMN document, before Flowable parses it: one streaming pass that refuses
 * what Flowable would choke on or misread, and stops at the first such thing.
 *
 * <ul>
 *   <li>The bytes must be UTF-8, because that is how the engine reads every deployment whatever the
 *       XML declaration says: a byte order mark, UTF-16 or UTF-32 bytes and invalid UTF-8 are
 *       refused, and so is a declared encoding that would read these bytes as different text.
 *   <li>No DTD and no entity other than XML's own ({@code &lt;} and friends): a BPMN file needs
 *       neither, and a reader that resolves none cannot be made to fetch or expand anything.
 *   <li>{@link BpmnLimits}: elements in the document, depth of nesting, flow elements per process.
 * </ul>
 *
 * The same pass counts the {@code <process>} elements and notes those without an id (Flowable's
 * converter drops them silently), so the document is read once here and once by Flowable.
 *
 * <p>Cost: linear in the bytes, memory for one decoded copy plus a stack as deep as the depth
 * limit. Stateless.
 */
final class DocumentScan {

  private static final String BPMN_MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  private static final Set<String> CONTAINERS = Set.of("process", "subProcess", "transaction", "adHocSubProcess");
  private static final Set<String> NOT_FLOW = Set.of("documentation", "extensionElements");
  private static final String UTF8_ONLY = "Caravan reads BPMN files as UTF-8";

  /** One thing found, for the document ({@code elementId} null) or a process; {@code line} 0 when unknown. */
  record Finding(String elementId, int line, String message) {}

  /**
   * What the scan learned. {@code refusal} non-null: the document must not be parsed further.
   * {@code findings}: problems that do not stop parsing (a process without an id).
   */
  record Result(Finding refusal, int processes, List<Finding> findings) {}

  private DocumentScan() {}

  static Result scan(byte[] xml, BpmnLimits limits) {
    List<Finding> findings = new ArrayList<>();
    Finding encoding = encodingProblem(xml);
    if (encoding != null) {
      return new Result(encoding, 0, findings);
    }
    String text = new String(xml, StandardCharsets.UTF_8); // valid UTF-8 by now, so exact
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory(); // the JDK's own reader, whatever else is on the classpath
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    XMLStreamReader reader = null;
    try {
      reader = factory.createXMLStreamReader(new StringReader(text));
      Finding declared = declaredEncodingProblem(reader.getCharacterEncodingScheme(), xml, text);
      if (declared != null) {
        return new Result(declared, 0, findings);
      }
      return walk(reader, limits, findings);
    } catch (XMLStreamException | RuntimeException e) {
      return new Result(new Finding(null, lineOf(e), "not a readable BPMN 2.0 document: " + message(e)), 0, findings);
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // closing a reader over a String frees nothing that could fail; the result stands
        }
      }
    }
  }

  private static Result walk(XMLStreamReader reader, BpmnLimits limits, List<Finding> findings) throws XMLStreamException {
    int elements = 0;
    int processes = 0;
    String process = null;
    int flowElements = 0;
    Deque<Boolean> containers = new ArrayDeque<>(); // per open element: does it hold flow elements?
    while (reader.hasNext()) {
      int event = reader.next();
      int line = reader.getLocation().getLineNumber();
      switch (event) {
        case XMLStreamConstants.DTD -> {
          return refuse(line, "declares a DTD (<!DOCTYPE ...>); BPMN files need none and Caravan reads none", processes, findings);
        }
        case XMLStreamConstants.ENTITY_REFERENCE -> {
          return refuse(line, "refers to the entity &" + reader.getLocalName() + "; which is not defined (there is no DTD); "
              + "write the character itself or a numeric reference", processes, findings);
        }
        case XMLStreamConstants.START_ELEMENT -> {
          if (++elements > limits.maxElements()) {
            return refuse(line, "has more than " + limits.maxElements() + " elements, the limit for one document", processes, findings);
          }
          if (containers.size() + 1 > limits.maxDepth()) {
            return refuse(line, "nests elements more than " + limits.maxDepth() + " deep, the limit for one document", processes, findings);
          }
          boolean bpmn = BPMN_MODEL.equals(reader.getNamespaceURI());
          String name = reader.getLocalName();
          if (bpmn && "process".equals(name)) {
            processes++;
            process = reader.getAttributeValue(null, "id");
            flowElements = 0;
            if (process == null || process.isBlank()) {
              findings.add(new Finding(null, line, "a process has no id; the id is the key runs start it by"));
            }
          } else if (bpmn && Boolean.TRUE.equals(containers.peek()) && !NOT_FLOW.contains(name)
              && ++flowElements > limits.maxFlowElements()) {
            return new Result(new Finding(process == null || process.isBlank() ? null : process, line,
                "process has more than " + limits.maxFlowElements() + " flow elements (tasks, events, gateways, flows, "
                    + "sub-processes, counted together), the limit for one process; split it"), processes, findings);
          }
          containers.push(bpmn && CONTAINERS.contains(name));
        }
        case XMLStreamConstants.END_ELEMENT -> containers.pop();
        default -> { }
      }
    }
    return new Result(null, processes, findings);
  }

  private static Result refuse(int line, String message, int processes, List<Finding> findings) {
    return new Result(new Finding(null, line, "the document " + message), processes, findings);
  }

  /** A byte order mark, zero bytes of UTF-16/32 or invalid UTF-8; null when the bytes are clean UTF-8. */
  private static Finding encodingProblem(byte[] xml) {
    if (startsWith(xml, 0xEF, 0xBB, 0xBF)) {
      return new Finding(null, 1, "the document starts with a byte order mark, which Flowable cannot read; "
          + "save it as UTF-8 without a byte order mark");
    }
    if (startsWith(xml, 0xFE, 0xFF) || startsWith(xml, 0xFF, 0xFE) || startsWith(xml, 0x00, 0x00, 0xFE, 0xFF)) {
      return new Finding(null, 1, "the document starts with a UTF-16 or UTF-32 byte order mark; " + UTF8_ONLY + ": save it as UTF-8");
    }
    for (int i = 0; i < Math.min(4, xml.length); i++) {
      if (xml[i] == 0) {
        return new Finding(null, 1, "the document looks like UTF-16 or UTF-32 (zero bytes at its start); " + UTF8_ONLY
            + ": save it as UTF-8");
      }
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(xml);
    CoderResult result = decoder.decode(in, CharBuffer.allocate(xml.length), true);
    if (result.isError()) {
      int at = in.position();
      int line = 1;
      for (int i = 0; i < at; i++) {
        if (xml[i] == '\n') {
          line++;
        }
      }
      return new Finding(null, line, "the document is not valid UTF-8 (byte " + at + " on line " + line + "); " + UTF8_ONLY);
    }
    return null;
  }

  /** The declared encoding is fine when it reads these bytes as the same text UTF-8 does (ASCII declared as Latin-1, say). */
  private static Finding declaredEncodingProblem(String declared, byte[] xml, String text) {
    if (declared == null) {
      return null;
    }
    Charset charset;
    try {
      charset = Charset.forName(declared.strip());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return new Finding(null, 1, "the document declares encoding " + declared + ", which is unknown; " + UTF8_ONLY
          + ": declare encoding=\"UTF-8\" or none");
    }
    if (charset.equals(StandardCharsets.UTF_8)) {
      return null;
    }
    String read;
    try {
      read = charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(xml))
          .toString();
    } catch (CharacterCodingException | UnsupportedOperationException e) {
      read = null;
    }
    if (text.equals(read)) {
      return null;
    }
    return new Finding(null, 1, "the document declares encoding " + declared + ", but its bytes are UTF-8 and read as "
        + declared + " they would be different text; " + UTF8_ONLY + ": declare encoding=\"UTF-8\" or none");
  }

  private static boolean startsWith(byte[] xml, int... prefix) {
    if (xml.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((xml[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int lineOf(Exception e) {
    if (e instanceof XMLStreamException xml) {
      Location location = xml.getLocation();
      if (location != null && location.getLineNumber() > 0) {
        return location.getLineNumber();
      }
    }
    return 0;
  }

  /** The parser's own words without its "ParseError at [row,col]" prefix (the line is reported apart). */
  private static String message(Exception e) {
    String message = e.getMessage() != null ? e.getMessage() : "the XML parser stopped";
    int at = message.indexOf("Message: ");
    return at >= 0 ? message.substring(at + "Message: ".length()).strip() : message;
  }
}
