package io.caravan.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Server-sent events on one response: {@code event: <name>} and one line of JSON {@code data} per
 * event. The head (200, {@code text/event-stream}) goes out with the first event, so a failure
 * before it is still answered with its own status. Writing after the client left throws {@link
 * ClientGone}, which stops whatever produces the events.
 *
 * <p>Written from the worker thread that runs the query; Vert.x hands each write to the
 * connection's event loop.
 */
final class EventStream {

  private final HttpServerResponse response;
  private final ApiJson json;
  private boolean started;

  EventStream(HttpServerResponse response, ApiJson json) {
    this.response = response;
    this.json = json;
  }

  /** Writes the head now, so that the client sees the stream open before the first step ends. */
  void open() {
    if (!started) {
      if (response.closed()) {
        throw new ClientGone();
      }
      started = true;
      response.setStatusCode(200)
          .setChunked(true)
          .putHeader("Content-Type", "text/event-stream; charset=utf-8")
          .putHeader("Cache-Control", "no-cache")
          .putHeader("X-Accel-Buffering", "no"); // a proxy in front must not hold events back
    }
  }

  boolean started() {
    return started;
  }

  /** One event; JSON on one line, as the data field allows no raw newline. */
  void send(String event, JsonNode data) {
    open();
    if (response.closed()) {
      throw new ClientGone();
    }
    response.write(Buffer.buffer("event: " + event + "\ndata: " + new String(json.bytes(data), java.nio.charset.StandardCharsets.UTF_8) + "\n\n"));
  }

  /** One event without a name, as OpenAI's streams have them: {@code data: <json>}. */
  void data(JsonNode data) {
    raw("data: " + new String(json.bytes(data), java.nio.charset.StandardCharsets.UTF_8) + "\n\n");
  }

  /** A comment line: progress that clients of the event-stream format skip. */
  void comment(String text) {
    raw(": " + text.replace('\n', ' ').replace('\r', ' ') + "\n\n");
  }

  /** Text already in the event-stream format. */
  void raw(String text) {
    open();
    if (response.closed()) {
      throw new ClientGone();
    }
    response.write(Buffer.buffer(text));
  }

  /** Ends the stream if the client is still there. */
  void end() {
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }

  /** Thrown from a stream's writer to stop the work nobody reads any more. */
  static final class ClientGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClientGone() {
      super("the client closed the connection", null, false, false);
    }
  }
}
