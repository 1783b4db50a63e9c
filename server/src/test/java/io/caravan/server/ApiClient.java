package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A test client of the hosted endpoint: java.net.http against a real server, JSON read with Jackson. */
final class ApiClient {

  /** One answer of the server. */
  record Reply(int status, String body, String contentType, Map<String, List<String>> headers) {

    /** The first value of a response header, or null. */
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    JsonNode json() {
      try {
        return new ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
      }
    }

    /**
     * Asserts the API's error shape, {@code {"error": {"status", "code", "message", "details"}}},
     * and that nothing of a stack trace leaks into it; returns the error object.
     */
    JsonNode assertError(int expectedStatus, String expectedCode) {
      assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
      assertThat(contentType).startsWith("application/json");
      assertThat(body).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("at org.").doesNotContain("\tat ");
      JsonNode root = json();
      assertThat(root.size()).as("only 'error' at the top: %s", body).isEqualTo(1);
      JsonNode error = root.get("error");
      assertThat(error.get("status").intValue()).isEqualTo(expectedStatus);
      assertThat(error.get("code").textValue()).isEqualTo(expectedCode);
      assertThat(error.get("message").textValue()).isNotBlank();
      assertThat(error.get("details").isArray()).isTrue();
      return error;
    }
  }

  static final String JSON = "application/json";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();
  private final URI base;
  private final Map<String, String> always;

  ApiClient(int port) {
    this(URI.create("http://127.0.0.1:" + port), Map.of());
  }

  private ApiClient(URI base, Map<String, String> always) {
    this.base = base;
    this.always = always;
  }

  /** This client sending {@code key} as {@code Authorization: Bearer} on every request. */
  ApiClient withKey(String key) {
    return new ApiClient(base, Map.of("Authorization", "Bearer " + key));
  }

  Reply get(String path) {
    return send(request(path).GET());
  }

  Reply delete(String path) {
    return send(request(path).DELETE());
  }

  Reply postJson(String path, String body) {
    return post(path, BodyPublishers.ofString(body, StandardCharsets.UTF_8), Map.of("Content-Type", JSON));
  }

  /** {@code body} as JSON text. */
  Reply postJson(String path, Object body) {
    try {
      return postJson(path, mapper.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Reply post(String path, BodyPublisher body, Map<String, String> headers) {
    HttpRequest.Builder b = request(path).POST(body);
    headers.forEach(b::header);
    return send(b);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    always.forEach(b::header);
    return b;
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
