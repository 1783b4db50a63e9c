package io.caravan.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tools known to one Caravan instance. Listeners hear every change so a tool index can follow
 * the registry ({@link ToolIndex}); registration is thread-safe.
 */
public final class ToolRegistry {

  /** Hears additions, replacements and removals. */
  public interface Listener {
    void added(ToolDescriptor tool);

    void removed(String name);

    /** Several tools at once (a catalogue); listeners that can batch (an encoder) override this. */
    default void addedAll(List<ToolDescriptor> tools) {
      tools.forEach(this::added);
    }
  }

  private final Map<String, ToolDescriptor> tools = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Adds or replaces a tool by name; returns the tool it replaced, if any. */
  public Optional<ToolDescriptor> register(ToolDescriptor tool) {
    ToolDescriptor previous = tools.put(tool.name(), tool);
    listeners.forEach(l -> l.added(tool));
    return Optional.ofNullable(previous);
  }

  /** Adds or replaces many tools; listeners hear them as one batch. */
  public void registerAll(List<ToolDescriptor> batch) {
    List<ToolDescriptor> copy = List.copyOf(batch);
    copy.forEach(t -> tools.put(t.name(), t));
    listeners.forEach(l -> l.addedAll(copy));
  }

  public boolean remove(String name) {
    boolean removed = tools.remove(name) != null;
    if (removed) {
      listeners.forEach(l -> l.removed(name));
    }
    return removed;
  }

  public Optional<ToolDescriptor> get(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /** All tools, sorted by name for stable output. */
  public List<ToolDescriptor> all() {
    List<ToolDescriptor> out = new ArrayList<>(tools.values());
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }
}
