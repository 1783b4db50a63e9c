package io.caravan.server;

import io.caravan.core.document.Document;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The document id of {@code DELETE /v1/documents/{id}}, read from the request's path and nowhere
 * else. Camel puts path parameters, query parameters and request headers of the same name into one
 * header, so {@code ?id=x} or an {@code id:} header would otherwise add to, or replace, the id the
 * path names. The path is the one the route matched (dot segments removed, escapes of unreserved
 * characters decoded); the rest is percent-decoded here exactly once, as UTF-8, so {@code %2F}
 * stays part of the id and {@code %25} is a literal percent sign.
 */
final class DocumentPath {

  static final String PREFIX = "/v1/documents/";

  private DocumentPath() {}

  /**
   * @param path the normalised request path ({@code CamelHttpPath})
   * @throws ApiException 400 when the segment is not valid percent-encoded UTF-8 or not a valid id
   */
  static String id(String path) {
    if (path == null || !path.startsWith(PREFIX) || path.length() == PREFIX.length() || path.indexOf('/', PREFIX.length()) >= 0) {
      throw new ApiException(400, "bad_request", "document id is required: DELETE " + PREFIX + "{id}");
    }
    String id = decode(path.substring(PREFIX.length()));
    try {
      Document.checkId(id);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "bad_request", e.getMessage());
    }
    return id;
  }

  private static String decode(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
        continue;
      }
      int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
      if (lo < 0) {
        throw new ApiException(400, "bad_request", "the document id in the path has a malformed percent escape at character " + i);
      }
      bytes.write(hi * 16 + lo);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ApiException(400, "bad_request", "the document id in the path is not valid UTF-8 once percent-decoded");
    }
  }
}
