package io.caravan.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes to the server over a plain socket, for what java.net.http will not send (an overlong
 * request line, a malformed percent escape, an HTTP/2 preface) and to see exactly what comes back,
 * including whether the server closed the connection.
 */
final class RawHttp {

  /**
   * What came back for one request: the status (0 when the server closed without answering), the
   * headers (lower-case names), the body, and whether the server closed the connection after it.
   */
  record Response(int status, Map<String, String> headers, String body, boolean closed) {}

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  /** Sends {@code request} as ISO-8859-1 bytes and reads one response; waits at most {@code readTimeoutMs} for each read. */
  Response exchange(String request, int readTimeoutMs) {
    return exchange(request.getBytes(StandardCharsets.ISO_8859_1), readTimeoutMs);
  }

  Response exchange(byte[] request, int readTimeoutMs) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(readTimeoutMs);
      try {
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
      } catch (SocketException e) {
        // the server may answer and close before it has read everything sent (a 431, a refusal)
      }
      Response r = read(s.getInputStream());
      while (r.status() >= 100 && r.status() < 200) {
        r = read(s.getInputStream()); // 100 Continue comes before the answer
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one response from {@code in}, then whether the server closed the connection after it. */
  static Response read(InputStream in) throws IOException {
    return read(in, true);
  }

  /**
   * Reads one response from {@code in}: head, then the body by Content-Length or chunks, else to
   * the end of the stream; with {@code checkClosed} false it leaves the connection unread after it
   * ({@code closed} is then false).
   */
  static Response read(InputStream in, boolean checkClosed) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    try {
      while (matched < 4 && (b = in.read()) != -1) {
        head.write(b);
        matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
      }
    } catch (SocketException e) {
      return new Response(0, Map.of(), "", true); // reset without an answer
    }
    if (matched < 4) {
      return new Response(0, Map.of(), head.toString(StandardCharsets.ISO_8859_1), true);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body;
    if (status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = readChunks(in);
    } else {
      body = in.readAllBytes();
    }
    boolean closed;
    try {
      closed = checkClosed && in.read() == -1;
    } catch (SocketTimeoutException e) {
      closed = false;
    } catch (SocketException e) {
      closed = true;
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8), closed);
  }

  /** A chunked body, its framing removed. */
  private static byte[] readChunks(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
      if (n == 0) {
        while (!line(in).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int b; (b = in.read()) != -1 && b != '\n'; ) {
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  /** Every character outside printable ASCII as a JSON escape, so a lone surrogate travels as written. */
  static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
