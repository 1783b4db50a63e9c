package io.caravan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.document.Document;
import io.caravan.core.spi.Encoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Text from outside (questions, document ids, whatever ends up in a log line or an error message)
 * is checked once at the edge: what has nothing an encoder can read, what is not valid Unicode,
 * what would break a log line, and error messages that would name a Java type.
 */
class UntrustedTextTest {

  /** Each of these gave a 500 naming IllegalArgumentException (issue 11, defect 4). */
  @ParameterizedTest
  @ValueSource(strings = {"\u00a0", "\u0000", "\u0001", "\u0085", "\u200b", "\ufeff", "\u202e", "\ud800", "\udfff", "a\ud800", "\u00a0\u200b \u0301\ufffd", "\u2028\u2029\u3000"})
  void aQueryWithNothingAnEncoderCanReadIsRefusedInWords(String text) {
    assertThatThrownBy(() -> Query.of(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("query text ")
        .hasMessageNotContaining("Exception")
        .message()
        .satisfiesAnyOf(
            m -> assertThat(m).contains("no visible character"), m -> assertThat(m).contains("not valid Unicode"), m -> assertThat(m).contains("must not be blank"));
    if (UnicodeText.loneSurrogate(text).isEmpty()) {
      // an unpaired surrogate beside a letter is the tokenizer's to drop; the rest leave it nothing
      assertThatThrownBy(() -> Encoder.checkQuery(text)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aLoneSurrogateIsNamedWithItsPosition() {
    assertThatThrownBy(() -> Query.of("camel \udc00 humps")).hasMessage("query text is not valid Unicode: an unpaired surrogate U+DC00 at character 6");
  }

  @ParameterizedTest
  @ValueSource(strings = {"é", "日本の駱駝", "?", "42", "\ud83d\udc2a", "\u00a0camel\u00a0", "ab\u200bcd", "\u0915\u093f"})
  void textsWithSomethingVisibleAreQueries(String text) {
    assertThat(Query.of(text).text()).isEqualTo(text);
    Encoder.checkQuery(text);
  }

  @Test
  void filtersAreCappedWellBelowLucenesClauseLimit() {
    Map<String, String> filters = new HashMap<>();
    for (int i = 0; i < Query.MAX_FILTERS; i++) {
      filters.put("f" + i, "v");
    }
    assertThat(new Query("q", 5, filters, List.of()).filters()).hasSize(Query.MAX_FILTERS);
    filters.put("one-more", "v");
    assertThatThrownBy(() -> new Query("q", 5, filters, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at most 64 filters are allowed, got 65");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\rb", "\u0000", "x\u001b[31m", "a\u0085b", "a\u2028b", "a\u202eb", "a\ud800b"})
  void documentIdsWithControlCharactersAreRefused(String id) {
    assertThatThrownBy(() -> new Document(id, "t", "text", Map.of(), "src"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("document id ")
        .hasMessageContaining(" U+");
  }

  @Test
  void plainDocumentIdsStayAccepted() {
    assertThat(new Document("dir/a b-c_é.txt#3", "t", "x", Map.of(), "").id()).isEqualTo("dir/a b-c_é.txt#3");
  }

  @Test
  void escapingKeepsEveryLogEntryOnOneLine() {
    String forged = "doc\n12:00:00.000 [main] ERROR io.caravan - forged\r\u0085\u2028\u202e\u001b[2J\ud800";
    String escaped = UnicodeText.escapeControls(forged);
    assertThat(escaped).doesNotContain("\n", "\r", "\u0085", "\u2028", "\u202e", "\u001b", "\ud800");
    assertThat(escaped).isEqualTo("doc\\n12:00:00.000 [main] ERROR io.caravan - forged\\r\\u0085\\u2028\\u202e\\u001b[2J\\ud800");
    assertThat(UnicodeText.escapeControls("plain é 日本 \ud83d\udc2a")).isEqualTo("plain é 日本 \ud83d\udc2a");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "cannot encode the query: IllegalArgumentException: x",
      "caused by java.lang.IllegalStateException",
      "Cannot invoke \"io.caravan.core.Query.text()\" because \"q\" is null",
      "org.flowable.common.engine.api.FlowableException: x",
      "OutOfMemoryError",
      "NullPointerException",
      "Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)",
      "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)"})
  void messagesNamingJavaTypesAreSpotted(String message) {
    assertThat(ClientMessage.namesJavaType(message)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "query text has no visible character",
      "step 'retrieve' failed in process 'rag' at task 'retrieve' (direct:step-retrieve): the index is closed",
      "unknown field 'top_k'; allowed: [filters, history, k, process, query]",
      "malformed JSON: Unexpected end-of-input",
      "no such file: docs/intro.md",
      "no document with id 'MyDoc.txt'",
      "Document nesting depth (1001) exceeds the maximum allowed (1000)",
      "see caravan.http.max-body-bytes"})
  void ordinaryMessagesAreNotMistakenForJavaTypes(String message) {
    assertThat(ClientMessage.namesJavaType(message)).isFalse();
  }
}
