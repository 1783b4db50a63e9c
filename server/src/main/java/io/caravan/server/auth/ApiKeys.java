package io.caravan.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys a server accepts, kept as SHA-256 hashes: a key file may be read by more people
 * than may use its keys, and a heap dump shows no key. A key is random (see {@link #newKey}), so a
 * plain hash is enough; there is nothing to brute-force.
 *
 * <p>One entry per line, fields separated by white space, {@code #} starts a comment:
 *
 * <pre>
 * # hash                      principal  tenant  scopes          groups (optional)
 * sha256:9f86d08...           alice      acme    query,ingest    finance,hr
 * </pre>
 *
 * <p>{@link #authenticate} hashes what the client presented and compares it with every entry in
 * constant time, so neither the comparison nor the lookup tells how close a guess was.
 */
public final class ApiKeys {

  /** What {@link #newKey} puts before the random part, so that a leaked key is recognisable in a scan. */
  public static final String PREFIX = "cvn_";
  private static final int MAX_KEY_CHARS = 512;

  private final List<Entry> entries;

  private ApiKeys(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** One accepted key: its hash and who it makes the caller. */
  public record Entry(byte[] sha256, Principal principal) {
    public Entry {
      if (sha256.length != 32) {
        throw new IllegalArgumentException("a key hash is 32 bytes of SHA-256");
      }
      sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
      return sha256.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && Arrays.equals(sha256, e.sha256) && principal.equals(e.principal);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(sha256) + principal.hashCode();
    }

    @Override
    public String toString() {
      return "Entry[" + principal + "]";
    }
  }

  public static ApiKeys none() {
    return new ApiKeys(List.of());
  }

  public static ApiKeys of(List<Entry> entries) {
    List<String> names = new ArrayList<>();
    for (Entry e : entries) {
      if (names.contains(e.principal().name())) {
        throw new IllegalArgumentException("principal '" + e.principal().name() + "' has more than one key entry; give each key its own principal name");
      }
      names.add(e.principal().name());
    }
    return new ApiKeys(entries);
  }

  /** A key given in plain text (the legacy admin key setting): hashed at once, the text not kept. */
  public static ApiKeys plain(String key, Principal principal) {
    return of(List.of(new Entry(sha256(key), principal)));
  }

  /** Whether any key has {@code scope}. */
  public boolean anyWith(Scope scope) {
    return entries.stream().anyMatch(e -> e.principal().may(scope));
  }

  /** These keys and {@code more}. */
  public ApiKeys and(ApiKeys more) {
    List<Entry> all = new ArrayList<>(entries);
    all.addAll(more.entries);
    return of(all);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /** Reads a key file (format above); a line that does not parse fails the whole file, naming the line. */
  public static ApiKeys read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the API key file " + file + ": " + e.getMessage(), e);
    }
    return parse(lines, "API key file " + file);
  }

  /** Entries given one per line (or separated by {@code ;}, for an environment variable). */
  public static ApiKeys parse(String text, String origin) {
    return parse(Arrays.asList(text.split("[\n;]")), origin);
  }

  private static ApiKeys parse(List<String> lines, String origin) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (content.isEmpty()) {
        continue;
      }
      try {
        entries.add(entry(content.split("\\s+")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(origin + ", entry " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    try {
      return of(entries);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }

  private static Entry entry(String[] fields) {
    if (fields.length < 4 || fields.length > 5) {
      throw new IllegalArgumentException("expected 'sha256:<64 hex digits> principal tenant scopes [groups]', found " + fields.length + " fields");
    }
    if (!fields[0].startsWith("sha256:") || !fields[0].substring(7).matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("the first field must be sha256:<64 hex digits> (the key's hash, never the key itself; "
          + "'caravan keys new' prints both)");
    }
    byte[] sha = HexFormat.of().parseHex(fields[0].substring(7).toLowerCase(java.util.Locale.ROOT));
    if (!fields[1].matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}")) {
      throw new IllegalArgumentException("a principal name is 1-128 letters, digits and . _ @ -");
    }
    Set<Scope> scopes = new LinkedHashSet<>();
    for (String s : fields[3].split(",")) {
      scopes.add(Scope.parse(s));
    }
    Set<String> groups = fields.length == 5 ? new LinkedHashSet<>(Arrays.asList(fields[4].split(","))) : Set.of();
    return new Entry(sha, new Principal(fields[1], fields[2], scopes, groups));
  }

  /** The entry line for {@code key}: what an operator adds to the key file after {@link #newKey}. */
  public static String entryLine(String key, Principal p) {
    StringBuilder b = new StringBuilder("sha256:").append(HexFormat.of().formatHex(sha256(key)))
        .append(' ').append(p.name()).append(' ').append(p.tenant()).append(' ');
    b.append(String.join(",", p.scopes().stream().sorted().map(Scope::label).toList()));
    if (!p.groups().isEmpty()) {
      b.append(' ').append(String.join(",", p.groups().stream().sorted().toList()));
    }
    return b.toString();
  }

  /** A fresh key: {@value #PREFIX} and 32 random bytes, URL-safe Base64. */
  public static String newKey(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The principal of {@code presented}, or empty. Compares its hash with every entry, all the way
   * through, so the time taken does not depend on which entry (if any) matched.
   */
  public Optional<Principal> authenticate(String presented) {
    if (presented == null || presented.isEmpty() || presented.length() > MAX_KEY_CHARS) {
      return Optional.empty();
    }
    byte[] hash = sha256(presented);
    Principal found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(hash, e.sha256) && found == null) {
        found = e.principal();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The SHA-256 of a key, as entries keep it. */
  public static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ApiKeys[" + entries.size() + " keys]";
  }
}
