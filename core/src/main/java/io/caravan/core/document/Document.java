package io.caravan.core.document;

import io.caravan.core.Access;
import io.caravan.core.UnicodeText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A source document before chunking. {@code id} is the user's stable identifier: ingesting the same
 * id again replaces the document (within its tenant, which the ingesting caller's access gives).
 * {@code source} says where it came from (a path, a URL). {@code acl} is the document's access list:
 * empty, every caller of its tenant sees it; else only callers in one of these groups (and callers
 * that check no access lists, such as the embedded library).
 */
public record Document(String id, String title, String text, Map<String, String> metadata, String source, Set<String> acl) {

  public Document {
    checkId(id);
    title = title == null ? "" : title;
    Objects.requireNonNull(text, "text");
    metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    source = source == null ? "" : source;
    acl = Collections.unmodifiableSortedSet(new TreeSet<>(acl == null ? Set.of() : acl));
    for (String group : acl) {
      Access.tenant(Access.DEFAULT_TENANT, Set.of(group)); // the names groups may have
    }
  }

  /** A document without an access list. */
  public Document(String id, String title, String text, Map<String, String> metadata, String source) {
    this(id, title, text, metadata, source, Set.of());
  }

  /** This document with access list {@code groups}. */
  public Document withAcl(Set<String> groups) {
    return new Document(id, title, text, metadata, source, groups);
  }

  /**
   * The check every document id passes: not blank, and no control or format character and no
   * unpaired surrogate ({@link UnicodeText#controlCharacter}). Ids are printed in
   * logs, dead letters and reports, where a line break in one would forge the next line.
   *
   * @throws IllegalArgumentException saying which character, where
   */
  public static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("document id must not be blank");
    }
    OptionalInt bad = UnicodeText.controlCharacter(id);
    if (bad.isPresent()) {
      throw new IllegalArgumentException("document id must not contain control characters or unpaired surrogates; found "
          + UnicodeText.codeUnit(id, bad.getAsInt()) + " at character " + bad.getAsInt());
    }
  }

  /**
   * SHA-256 over title, text, metadata (sorted by key) and the access list, so re-ingesting identical content is a
   * no-op while any change to what is indexed triggers a replace. {@code source} is left out on
   * purpose: moving a file does not change its content.
   */
  public String contentHash() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      update(md, title);
      update(md, text);
      for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
        update(md, e.getKey());
        update(md, e.getValue());
      }
      if (!acl.isEmpty()) {
        // a changed access list must reach the index; documents without one hash as before
        update(md, "\u0000acl");
        acl.forEach(g -> update(md, g));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void update(MessageDigest md, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    md.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    md.update((byte) ':');
    md.update(bytes);
  }
}
