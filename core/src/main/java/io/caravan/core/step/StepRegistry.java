package io.caravan.core.step;

import io.caravan.core.spi.Step;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * The steps of one Caravan instance, by the name BPMN files use: Java steps, policy steps and steps
 * implemented by Camel routes alike, since to a process they are all a {@link Step}. A name has one
 * step; registering a second under it is refused with both origins named, so two implementations
 * can never silently replace each other. The BPMN validator asks {@link #contains} which names
 * exist; the {@code caravan:step:<name>} Camel endpoint runs {@link #require}.
 *
 * <p>Each entry keeps an origin, a short phrase for messages ("a Java step", "route 'log-query'
 * (file:routes/log-query.camel.yaml)").
 *
 * <p>Cost: a concurrent map lookup per {@link #find}; writes are synchronized and rare (start-up,
 * routes added or removed). Thread-safe.
 */
public final class StepRegistry {

  /** The origin of steps registered without one. */
  public static final String JAVA_STEP = "a Java step";

  /** Step names as BPMN files write them: a letter or digit first, then letters, digits, '-', '_' or '.'. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** One registered step and where it came from. */
  public record Entry(Step step, String origin) {
    public Entry {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(origin, "origin");
    }
  }

  private final ConcurrentMap<String, Entry> steps = new ConcurrentHashMap<>();

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Returns {@code name} when it is a valid step name, else fails saying what a name may hold. */
  public static String requireValidName(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "step name must be letters, digits, '-', '_' or '.', starting with a letter or digit; was '" + name + "'");
    }
    return name;
  }

  /** Registers a Java step under its own name. */
  public void register(Step step) {
    register(step, JAVA_STEP);
  }

  /**
   * Registers {@code step} under {@link Step#name()}.
   *
   * @throws IllegalArgumentException when the name is not valid or another step already has it
   */
  public synchronized void register(Step step, String origin) {
    Entry entry = new Entry(step, origin);
    String name = requireValidName(step.name());
    Entry before = steps.get(name);
    if (before != null) {
      throw duplicate(name, before, entry);
    }
    steps.put(name, entry);
  }

  /** Registers Java steps, all or none: a duplicate among them or with a registered step registers nothing. */
  public synchronized void registerAll(Collection<? extends Step> javaSteps) {
    Map<String, Entry> added = new LinkedHashMap<>();
    for (Step s : javaSteps) {
      Entry entry = new Entry(s, JAVA_STEP);
      String name = requireValidName(s.name());
      Entry before = steps.containsKey(name) ? steps.get(name) : added.get(name);
      if (before != null) {
        throw duplicate(name, before, entry);
      }
      added.put(name, entry);
    }
    steps.putAll(added);
  }

  /** Removes the entry for {@code step}'s name if it is this very step; true when it was removed. */
  public synchronized boolean unregister(Step step) {
    Entry e = steps.get(step.name());
    return e != null && e.step() == step && steps.remove(step.name(), e);
  }

  public Optional<Step> find(String name) {
    return entry(name).map(Entry::step);
  }

  public Optional<Entry> entry(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(steps.get(name));
  }

  /**
   * The step named {@code name}.
   *
   * @throws UnknownStepException naming the steps that do exist
   */
  public Step require(String name) {
    return find(name).orElseThrow(() -> new UnknownStepException(name, names()));
  }

  public boolean contains(String name) {
    return name != null && steps.containsKey(name);
  }

  /** The registered names, sorted; a snapshot. */
  public SortedSet<String> names() {
    return new TreeSet<>(steps.keySet());
  }

  private static IllegalArgumentException duplicate(String name, Entry before, Entry now) {
    return new IllegalArgumentException(
        "step '" + name + "' is already registered (" + before.origin() + "); " + now.origin()
            + " cannot be registered under the same name: a step name has one implementation");
  }

  @Override
  public String toString() {
    return "StepRegistry" + names();
  }
}
