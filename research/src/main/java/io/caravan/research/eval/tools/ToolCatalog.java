package io.caravan.research.eval.tools;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools a query is retrieved against, in the benchmark's order. The id index is a hash map built
 * once at construction; ids must be unique because gold labels and runs name tools by id.
 */
public final class ToolCatalog {

  private final List<Tool> tools;
  private final Map<String, Tool> byId;

  public ToolCatalog(List<Tool> tools) {
    if (tools == null || tools.isEmpty()) {
      throw new IllegalArgumentException("a tool catalogue needs at least one tool");
    }
    Map<String, Tool> index = new LinkedHashMap<>();
    for (Tool t : tools) {
      if (index.put(t.id(), t) != null) {
        throw new IllegalArgumentException("duplicate tool id in catalogue: " + t.id());
      }
    }
    this.tools = List.copyOf(tools);
    this.byId = Collections.unmodifiableMap(index);
  }

  /** The tools in the benchmark's order. */
  public List<Tool> tools() {
    return tools;
  }

  public int size() {
    return tools.size();
  }

  public Optional<Tool> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  @Override
  public String toString() {
    return "ToolCatalog[" + tools.size() + " tools]";
  }
}
