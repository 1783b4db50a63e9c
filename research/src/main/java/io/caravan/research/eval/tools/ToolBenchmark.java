package io.caravan.research.eval.tools;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A tool-retrieval benchmark: a catalogue and queries labelled with catalogue ids. Construction
 * checks that every gold id names a catalogued tool and that query ids are unique, so a reader bug
 * cannot silently turn into zero recall.
 */
public record ToolBenchmark(String name, ToolCatalog catalog, List<ToolQuery> queries) {

  public ToolBenchmark {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("benchmark name must not be blank");
    }
    if (catalog == null) {
      throw new IllegalArgumentException(name + ": catalogue must not be null");
    }
    if (queries == null || queries.isEmpty()) {
      throw new IllegalArgumentException(name + ": needs at least one query");
    }
    queries = List.copyOf(queries);
    Set<String> ids = new HashSet<>();
    for (ToolQuery q : queries) {
      if (!ids.add(q.id())) {
        throw new IllegalArgumentException(name + ": duplicate query id " + q.id());
      }
      for (String gold : q.goldToolIds()) {
        if (!catalog.contains(gold)) {
          throw new IllegalArgumentException(name + ": query " + q.id() + " names tool " + gold + ", which is not in the catalogue");
        }
      }
    }
  }
}
