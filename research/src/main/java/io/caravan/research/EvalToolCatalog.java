package io.caravan.research;

import io.caravan.agents.ToolCatalogReader;
import io.caravan.agents.ToolDescriptor;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.RagState;
import io.caravan.core.document.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool benchmark's catalogue as registered tools, for evaluating the tool processes ({@code
 * tool-search}, {@code tool-agent}) on the tool index rather than on the document index. Benchmark
 * names ({@code GET /movie/{movie_id}}) become safe tool names; the ranking a process returns is
 * relabelled with the benchmark's tool ids, which are what the gold labels use.
 */
final class EvalToolCatalog {

  static final List<String> PROCESSES = List.of("tool-search", "tool-agent");

  private final List<ToolDescriptor> tools = new ArrayList<>();
  private final Map<String, String> idByName = new HashMap<>();

  /** One tool per corpus document: name from its title (the benchmark's tool name), description its text. */
  EvalToolCatalog(List<Document> corpus) {
    for (Document d : corpus) {
      String base = ToolCatalogReader.safeName(d.title().isBlank() ? d.id() : d.title());
      String name = base;
      for (int i = 2; idByName.containsKey(name); i++) {
        name = base + "_" + i;
      }
      idByName.put(name, d.id());
      tools.add(new ToolDescriptor(name, d.text(), null, List.of(), null));
    }
  }

  List<ToolDescriptor> tools() {
    return tools;
  }

  /** The state with every candidate's ids replaced by the benchmark id of its tool. */
  RagState relabel(RagState s) {
    List<Candidate> out = new ArrayList<>(s.candidates().size());
    for (Candidate c : s.candidates()) {
      String id = idByName.get(c.docId());
      if (id == null) {
        throw new IllegalStateException("the process ranked tool " + c.docId() + ", which is not in the benchmark catalogue");
      }
      Passage p = c.passage();
      out.add(new Candidate(new Passage(id, id, p.title(), p.text(), p.start(), p.end(), p.metadata()), c.score(), c.scores()));
    }
    return s.withCandidates(out);
  }
}
