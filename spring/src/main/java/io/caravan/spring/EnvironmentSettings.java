package io.caravan.spring;

import io.caravan.connectors.generation.ChatModelSettings;
import io.caravan.runtime.CaravanSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Caravan's settings read from a Spring {@link Environment}: every key of {@link CaravanSettings#keys()}
 * under its own name ({@code caravan.encoder}, {@code caravan.retrieve.depth}, ...), so
 * {@code application.properties}, {@code -D} options and {@code CARAVAN_*} environment variables (Spring
 * maps {@code CARAVAN_RETRIEVE_DEPTH} to {@code caravan.retrieve.depth}) set what they set for the CLI.
 */
final class EnvironmentSettings {

  /** The one key the starter adds: Spring resource patterns of BPMN files to deploy at start. */
  static final String PROCESSES = "caravan.spring.processes";

  private static final List<String> LLM_NAMES = List.of(
      ChatModelSettings.ENV_BASE_URL,
      ChatModelSettings.ENV_MODEL,
      ChatModelSettings.ENV_API_KEY,
      ChatModelSettings.ENV_TIMEOUT_SECONDS,
      ChatModelSettings.ENV_TEMPERATURE);

  private EnvironmentSettings() {}

  /**
   * The defaults with every {@code caravan.*} key the environment sets.
   *
   * @throws IllegalArgumentException for a {@code caravan.*} property that is no setting (a typo
   *     would otherwise be silently ignored, as a settings file does not allow either)
   */
  static CaravanSettings from(Environment environment) {
    checkKeys(environment);
    CaravanSettings settings = CaravanSettings.defaultsOnly();
    for (String key : CaravanSettings.keys()) {
      String value = environment.getProperty(key);
      if (value != null) {
        settings = settings.with(key, value.strip());
      }
    }
    return settings;
  }

  /** The {@code CARAVAN_LLM_*} values the environment holds, for the chat model the CLI would make from them. */
  static Map<String, String> chatModelVariables(Environment environment) {
    Map<String, String> found = new LinkedHashMap<>();
    for (String name : LLM_NAMES) {
      String value = environment.getProperty(name);
      if (value != null) {
        found.put(name, value);
      }
    }
    return found;
  }

  /** The resource patterns of {@value #PROCESSES}: a comma-separated list or an indexed YAML list. */
  static List<String> processPatterns(Environment environment) {
    List<String> patterns = new ArrayList<>();
    for (String p : Binder.get(environment).bind(PROCESSES, Bindable.listOf(String.class)).orElse(List.of())) {
      if (!p.isBlank()) {
        patterns.add(p.strip());
      }
    }
    return patterns;
  }

  private static void checkKeys(Environment environment) {
    if (!(environment instanceof ConfigurableEnvironment configurable)) {
      return;
    }
    for (PropertySource<?> source : configurable.getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> enumerable) {
        for (String name : enumerable.getPropertyNames()) {
          if (name.startsWith("caravan.") && !known(name)) {
            throw new IllegalArgumentException(
                "unknown setting '" + name + "' in " + source.getName() + "; known: " + CaravanSettings.keys() + " and " + PROCESSES);
          }
        }
      }
    }
  }

  private static boolean known(String name) {
    return CaravanSettings.keys().contains(name) || name.equals(PROCESSES) || name.startsWith(PROCESSES + "[");
  }
}
