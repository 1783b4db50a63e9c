package io.caravan.server;

import io.caravan.runtime.CaravanSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.server.HttpServerLimits;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's limits come from the settings ({@code caravan.http.idle-timeout-ms},
 * {@code read-timeout-ms}, {@code max-connections}) and reach the server Caravan starts. What the
 * limits do is tested in {@code ApiHttpServerTest}; here only that these settings are the ones in force.
 */
class HttpServerSettingsTest {

  @TempDir Path data;

  @Test
  void defaultsAndBadValues() {
    assertThat(HttpServerLimits.from(CaravanSettings.defaultsOnly())).isEqualTo(new HttpServerLimits(180_000, 30_000, 512));
    assertThatThrownBy(() -> HttpServerLimits.from(CaravanSettings.defaultsOnly().with("caravan.http.max-connections", "0")))
        .hasMessageContaining("caravan.http.max-connections");
    assertThatThrownBy(() -> HttpServerLimits.from(CaravanSettings.defaultsOnly().with("caravan.http.read-timeout-ms", "soon")))
        .hasMessageContaining("caravan.http.read-timeout-ms");
  }

  @Test
  void theServerCaravanStartsEnforcesTheConfiguredLimits() throws Exception {
    CaravanSettings settings =
        CaravanSettings.defaultsOnly()
            .with("caravan.data", data.toString())
            .with("caravan.encoder", "int8")
            .with("caravan.http.port", "0")
            .with("caravan.http.auth", "open")
            .with("caravan.http.read-timeout-ms", "3000")
            .with("caravan.http.max-connections", "1");
    try (ServedCaravan caravan = ServedCaravan.start(settings)) {
      try (Socket first = connect(caravan.httpPort())) {
        // answered, so certainly counted; kept alive for the next request
        first.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(RawHttp.read(first.getInputStream(), false).status()).isEqualTo(200);
        try (Socket second = connect(caravan.httpPort())) {
          second.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          assertThat(readUntilClosed(second.getInputStream())).as("one connection is the limit").isEmpty();
        }
        first.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(readUntilClosed(first.getInputStream())).as("half a head is cut by the read deadline").isEmpty();
      }
    }
  }

  private static Socket connect(int port) throws Exception {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(15_000);
    return s;
  }

  private static String readUntilClosed(InputStream in) throws Exception {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open", e);
    } catch (SocketException e) {
      return ""; // reset
    }
  }
}
