package io.caravan.ingest;

import io.caravan.core.document.Document;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML through jsoup: the {@code <title>}, or else the first {@code <h1>}, is the title; the text is
 * what a reader sees, with entities decoded, {@code script}/{@code style}/{@code template}/
 * {@code noscript} and {@code hidden} elements dropped, whitespace collapsed as a browser would
 * (line breaks inside {@code <pre>} are kept), and each block element on its own line so that sentence splitting
 * does not glue a heading to the paragraph after it. {@code <meta name=description|author|keywords>}
 * and the page language go into metadata.
 *
 * <p>Charset: jsoup's detection (byte-order mark, then {@code <meta charset>}, else UTF-8), because
 * saved web pages often declare a legacy charset.
 *
 * <p>Cost: one DOM build and one traversal, linear in the page size.
 */
public final class HtmlParser implements DocumentParser {

  private static final String INVISIBLE = "script, style, template, noscript, [hidden]";

  @Override
  public Set<String> extensions() {
    return Set.of("html", "htm");
  }

  @Override
  public ParsedFile parse(SourceFile file) {
    org.jsoup.nodes.Document html;
    try {
      html = Jsoup.parse(new ByteArrayInputStream(file.bytes()), null, "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read HTML from memory", e); // no I/O happens on a byte array
    }
    html.select(INVISIBLE).remove();

    Map<String, String> metadata = new LinkedHashMap<>();
    for (String name : new String[] {"description", "author", "keywords"}) {
      Element meta = html.selectFirst("meta[name=" + name + "]");
      if (meta != null && !meta.attr("content").isBlank()) {
        metadata.put(name, meta.attr("content").strip());
      }
    }
    Element root = html.selectFirst("html");
    if (root != null && !root.attr("lang").isBlank()) {
      metadata.put("lang", root.attr("lang").strip());
    }

    String title = html.title().strip();
    if (title.isEmpty()) {
      Element h1 = html.body().selectFirst("h1");
      if (h1 != null) {
        title = h1.text().strip();
        h1.remove(); // it is the title now; keeping it would index it twice
      }
    }
    String text = visibleText(html.body());
    return ParsedFile.of(new Document(file.documentId(), title, text, metadata, file.source()));
  }

  private static String visibleText(Element body) {
    TextCollector collector = new TextCollector();
    NodeTraversor.traverse(collector, body);
    StringBuilder out = new StringBuilder();
    for (String line : collector.out.toString().split("\n")) {
      String l = line.strip();
      if (!l.isEmpty()) {
        out.append(out.length() == 0 ? "" : "\n").append(l);
      }
    }
    return out.toString();
  }

  /** Appends text as a browser lays it out: inline runs joined by single spaces, blocks on new lines. */
  private static final class TextCollector implements NodeVisitor {
    private final StringBuilder out = new StringBuilder();
    private int preDepth;

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode t) {
        if (preDepth > 0) {
          out.append(t.getWholeText());
        } else {
          // entities decoded, whitespace runs collapsed; a no-break space is a space to a tokenizer
          String s = t.text().replace('\u00a0', ' ');
          if (s.isBlank()) {
            spaceIfNeeded();
          } else {
            if (Character.isWhitespace(s.charAt(0))) {
              spaceIfNeeded();
            }
            out.append(s.strip());
            if (Character.isWhitespace(s.charAt(s.length() - 1))) {
              out.append(' ');
            }
          }
        }
      } else if (node instanceof Element e) {
        if (e.normalName().equals("br")) {
          out.append('\n');
        } else if (e.isBlock()) {
          out.append('\n');
        }
        if (e.normalName().equals("pre")) {
          preDepth++;
        }
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element e) {
        if (e.normalName().equals("pre")) {
          preDepth--;
        }
        if (e.isBlock()) {
          out.append('\n');
        }
      }
    }

    private void spaceIfNeeded() {
      if (out.length() > 0 && !Character.isWhitespace(out.charAt(out.length() - 1))) {
        out.append(' ');
      }
    }
  }
}
