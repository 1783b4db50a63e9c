package io.caravan.connectors.generation;

import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach an OpenAI-compatible chat server (vLLM, Ollama, Triton's OpenAI frontend,
 * OpenAI itself). {@code baseUrl} is the API root including its version, e.g. {@code
 * http://localhost:11434/v1} for Ollama or {@code http://localhost:8000/v1} for vLLM. {@code apiKey}
 * may be empty: local servers usually need none.
 *
 * <p>The key is a secret: {@link #toString()} shows only whether one is set, and neither the chat
 * model built here nor {@link ChatModelGenerator} logs requests or puts the key in a message.
 */
public record ChatModelSettings(
    String baseUrl, String modelName, String apiKey, Duration timeout, double temperature) {

  public static final String ENV_BASE_URL = "CARAVAN_LLM_BASE_URL";
  public static final String ENV_MODEL = "CARAVAN_LLM_MODEL";
  public static final String ENV_API_KEY = "CARAVAN_LLM_API_KEY";
  /** Optional: whole seconds, default {@link #DEFAULT_TIMEOUT}. */
  public static final String ENV_TIMEOUT_SECONDS = "CARAVAN_LLM_TIMEOUT_SECONDS";
  /** Optional: 0 to 2, default 0 (answers from passages should not be creative). */
  public static final String ENV_TEMPERATURE = "CARAVAN_LLM_TEMPERATURE";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * One retry: a dropped connection to a local server is worth a second try, while several retries
   * of a timed-out call would multiply the wait the user sees.
   */
  static final int MAX_RETRIES = 1;

  public ChatModelSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    baseUrl = baseUrl.strip();
    checkBaseUrl(baseUrl);
    Objects.requireNonNull(modelName, "modelName");
    modelName = modelName.strip();
    if (modelName.isEmpty()) {
      throw new IllegalArgumentException("modelName must not be blank");
    }
    apiKey = apiKey == null ? "" : apiKey.strip();
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
    }
  }

  /**
   * Reads {@value #ENV_BASE_URL}, {@value #ENV_MODEL}, {@value #ENV_API_KEY} and the optional
   * {@value #ENV_TIMEOUT_SECONDS} and {@value #ENV_TEMPERATURE}. Empty when neither base URL nor model
   * is set (no chat model configured: the caller falls back to the extractive generator). Setting
   * only one of the two is a mistake and fails rather than silently answering without the model.
   */
  public static Optional<ChatModelSettings> fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    String baseUrl = value(env, ENV_BASE_URL);
    String model = value(env, ENV_MODEL);
    if (baseUrl == null && model == null) {
      return Optional.empty();
    }
    if (baseUrl == null || model == null) {
      String set = baseUrl == null ? ENV_MODEL : ENV_BASE_URL;
      String missing = baseUrl == null ? ENV_BASE_URL : ENV_MODEL;
      throw new IllegalArgumentException(
          set + " is set but " + missing + " is not: set both to use a chat model, or neither");
    }
    Duration timeout = DEFAULT_TIMEOUT;
    String seconds = value(env, ENV_TIMEOUT_SECONDS);
    if (seconds != null) {
      try {
        timeout = Duration.ofSeconds(Long.parseLong(seconds));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(ENV_TIMEOUT_SECONDS + " must be whole seconds, was '" + seconds + "'", e);
      }
    }
    double temperature = 0.0;
    String t = value(env, ENV_TEMPERATURE);
    if (t != null) {
      try {
        temperature = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(ENV_TEMPERATURE + " must be a number, was '" + t + "'", e);
      }
    }
    return Optional.of(new ChatModelSettings(baseUrl, model, value(env, ENV_API_KEY), timeout, temperature));
  }

  /**
   * A LangChain4j chat model for these settings. Building opens no connection; the first call does.
   * Request and response logging stay off, so prompts and the key never reach a log.
   */
  public OpenAiChatModel buildChatModel() {
    return OpenAiChatModel.builder()
        .baseUrl(baseUrl)
        .modelName(modelName)
        .apiKey(apiKey.isEmpty() ? null : apiKey)
        .timeout(timeout)
        .temperature(temperature)
        .maxRetries(MAX_RETRIES)
        .logRequests(false)
        .logResponses(false)
        .build();
  }

  /** What error messages and traces call this model: its name and server, never the key. */
  public String describe() {
    return modelName + " at " + baseUrl;
  }

  @Override
  public String toString() {
    return "ChatModelSettings[baseUrl="
        + baseUrl
        + ", modelName="
        + modelName
        + ", apiKey="
        + (apiKey.isEmpty() ? "(none)" : "(set)")
        + ", timeout="
        + timeout
        + ", temperature="
        + temperature
        + "]";
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static void checkBaseUrl(String baseUrl) {
    URI uri;
    try {
      uri = new URI(baseUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl is not a URL: '" + baseUrl + "'", e);
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "baseUrl must be an http(s) URL with a host, such as http://localhost:8000/v1, was '" + baseUrl + "'");
    }
  }
}
