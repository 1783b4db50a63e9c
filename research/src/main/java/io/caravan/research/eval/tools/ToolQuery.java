package io.caravan.research.eval.tools;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A benchmark query and the ids of the tools it needs. Gold ids are a set in the benchmark's order:
 * a tool listed twice in the source is needed once.
 */
public record ToolQuery(String id, String text, Set<String> goldToolIds) {

  public ToolQuery {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("query id must not be blank");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("query " + id + ": text must not be blank");
    }
    if (goldToolIds == null || goldToolIds.isEmpty()) {
      throw new IllegalArgumentException("query " + id + ": needs at least one gold tool");
    }
    goldToolIds = Collections.unmodifiableSet(new LinkedHashSet<>(goldToolIds));
  }
}
