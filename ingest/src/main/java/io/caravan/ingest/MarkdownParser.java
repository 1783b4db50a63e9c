package io.caravan.ingest;

import io.caravan.core.document.Document;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown: optional front matter ({@code ---} / {@code key: value} / {@code ---}) becomes metadata,
 * the front-matter {@code title} or else the first level-1 heading becomes the title, and the syntax
 * is stripped lightly so the encoder and BM25 see prose: heading and quote markers, bullets,
 * emphasis and inline-code backticks go, links and images keep their text. Code blocks are kept
 * verbatim (only the fence lines go), because identifiers in code are what people search for.
 *
 * <p>Strategy: a line-by-line pass with regular expressions, not a full CommonMark parser; nested or
 * unusual constructs may keep some punctuation, which costs a little BM25 noise and nothing else.
 * Front-matter values are plain strings; a YAML list ({@code - a} lines under a key) is joined with
 * ", ". A front-matter line that is neither is reported as a problem and the document still ingests.
 *
 * <p>Cost: linear in the file size.
 */
public final class MarkdownParser implements DocumentParser {

  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(`{3,}|~{3,}).*$");
  private static final Pattern ATX_HEADING = Pattern.compile("^\\s{0,3}(#{1,6})(?:\\s+(.*?))?(?:\\s+#+)?\\s*$");
  private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^\\s{0,3}(=+|-+)\\s*$");
  private static final Pattern RULE = Pattern.compile("^\\s{0,3}([-*_])(?:\\s*\\1){2,}\\s*$");
  private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*\\S+.*$");
  private static final Pattern QUOTE = Pattern.compile("^(\\s{0,3}>\\s?)+");
  private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(?:\\[[ xX]\\]\\s+)?");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\([^)]*\\)");
  private static final Pattern REFERENCE_LINK = Pattern.compile("\\[([^\\]]+)\\]\\[[^\\]]*\\]");
  private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|mailto|ftp):[^>\\s]+)>");
  private static final Pattern STRONG = Pattern.compile("(?<!\\\\)(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
  private static final Pattern STRIKE = Pattern.compile("(?<!\\\\)~~(?=\\S)(.+?)(?<=\\S)~~");
  // unlike CommonMark, no intraword emphasis: "2*3*4" and "snake_case" are text far more often
  private static final Pattern EMPHASIS_STAR =
      Pattern.compile("(?<![\\w*\\\\])\\*(?=\\S)(.+?)(?<=[^\\s\\\\])\\*(?![\\w*])");
  private static final Pattern EMPHASIS_UNDERSCORE =
      Pattern.compile("(?<![\\w\\\\])_(?=\\S)(.+?)(?<=[^\\s\\\\])_(?!\\w)");
  private static final Pattern ESCAPE = Pattern.compile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!>~|])");
  private static final Pattern FRONT_MATTER_ENTRY = Pattern.compile("^([A-Za-z0-9_][\\w.-]*)\\s*:\\s*(.*)$");
  private static final Pattern FRONT_MATTER_ITEM = Pattern.compile("^\\s*-\\s+(.*)$");

  @Override
  public Set<String> extensions() {
    return Set.of("md", "markdown");
  }

  @Override
  public ParsedFile parse(SourceFile file) {
    List<String> lines = new ArrayList<>(List.of(file.text().split("\n", -1)));
    Map<String, String> metadata = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    int bodyStart = readFrontMatter(lines, metadata, problems);

    String title = metadata.getOrDefault("title", "").strip();
    metadata.remove("title");
    StringBuilder text = new StringBuilder();
    boolean inFence = false;
    String fence = "";
    boolean titleFromHeading = title.isEmpty();
    int blankRun = 0;
    for (int i = bodyStart; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher fenceMatch = FENCE.matcher(line);
      if (fenceMatch.matches()) {
        String marker = fenceMatch.group(1);
        if (!inFence) {
          inFence = true;
          fence = marker;
          continue;
        }
        if (marker.charAt(0) == fence.charAt(0) && marker.length() >= fence.length()
            && line.strip().equals(marker)) {
          inFence = false;
          continue;
        }
      }
      String out;
      if (inFence) {
        out = line; // code is kept verbatim
      } else {
        // setext heading: a text line underlined with '=' (level 1) or '-' (level 2)
        boolean setext = !line.isBlank() && i + 1 < lines.size()
            && SETEXT_UNDERLINE.matcher(lines.get(i + 1)).matches()
            && !BULLET.matcher(line).lookingAt() && !ATX_HEADING.matcher(line).matches();
        Matcher atx = ATX_HEADING.matcher(line);
        if (setext) {
          boolean level1 = lines.get(i + 1).strip().startsWith("=");
          i++; // the underline is syntax only
          out = inline(line.strip());
          if (level1 && titleFromHeading) {
            title = out;
            titleFromHeading = false;
            continue;
          }
        } else if (atx.matches()) {
          out = atx.group(2) == null ? "" : inline(atx.group(2));
          if (atx.group(1).length() == 1 && titleFromHeading && !out.isBlank()) {
            title = out;
            titleFromHeading = false;
            continue;
          }
        } else if (RULE.matcher(line).matches() || REFERENCE_DEFINITION.matcher(line).matches()) {
          out = "";
        } else {
          String body = QUOTE.matcher(line).replaceFirst("");
          body = BULLET.matcher(body).replaceFirst("$1");
          out = inline(body).stripTrailing();
        }
      }
      if (out.isBlank()) {
        blankRun++;
        continue;
      }
      if (text.length() > 0) {
        text.append(blankRun > 0 ? "\n\n" : "\n");
      }
      blankRun = 0;
      text.append(out);
    }
    Document doc = new Document(file.documentId(), title, text.toString(), metadata, file.source());
    return new ParsedFile(List.of(doc), problems);
  }

  /** Reads front matter into {@code metadata}; returns the index of the first body line. */
  private static int readFrontMatter(List<String> lines, Map<String, String> metadata, List<String> problems) {
    if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
      return 0;
    }
    int end = -1;
    for (int i = 1; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.equals("---") || l.equals("...")) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      return 0; // no closing line: the '---' was a thematic break, not front matter
    }
    String listKey = null;
    for (int i = 1; i < end; i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      Matcher item = FRONT_MATTER_ITEM.matcher(line);
      Matcher entry = FRONT_MATTER_ENTRY.matcher(line);
      if (item.matches() && listKey != null) {
        String value = unquote(item.group(1));
        metadata.merge(listKey, value, (a, b) -> a.isEmpty() ? b : a + ", " + b);
      } else if (entry.matches() && !Character.isWhitespace(line.charAt(0))) {
        String key = entry.group(1);
        String value = unquote(entry.group(2));
        metadata.put(key, value);
        listKey = value.isEmpty() ? key : null;
      } else {
        problems.add("front matter line " + (i + 1) + ": expected 'key: value', was '" + line.strip() + "'");
      }
    }
    return end + 1;
  }

  private static String unquote(String raw) {
    String v = raw.strip();
    if (v.length() >= 2
        && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** Strips inline syntax outside code spans; code spans lose only their backticks. */
  private static String inline(String line) {
    StringBuilder out = new StringBuilder();
    Matcher code = CODE_SPAN.matcher(line);
    int last = 0;
    while (code.find()) {
      out.append(stripInline(line.substring(last, code.start())));
      out.append(code.group(2).strip());
      last = code.end();
    }
    out.append(stripInline(line.substring(last)));
    return out.toString();
  }

  private static String stripInline(String s) {
    String r = IMAGE.matcher(s).replaceAll("$1");
    r = LINK.matcher(r).replaceAll("$1");
    r = REFERENCE_LINK.matcher(r).replaceAll("$1");
    r = AUTOLINK.matcher(r).replaceAll("$1");
    r = STRONG.matcher(r).replaceAll("$2");
    r = STRIKE.matcher(r).replaceAll("$1");
    r = EMPHASIS_STAR.matcher(r).replaceAll("$1");
    r = EMPHASIS_UNDERSCORE.matcher(r).replaceAll("$1");
    return ESCAPE.matcher(r).replaceAll("$1");
  }
}
