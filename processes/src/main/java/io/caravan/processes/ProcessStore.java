package io.caravan.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes deployed through the API, kept in a folder of the data folder ({@code
 * .caravan/processes/}) so that they come back after a restart, which rebuilds the engine from
 * nothing.
 *
 * <p>Layout, per process id: {@code <id>.json}, the record (id, resource name, who, when, the
 * file's SHA-256), and {@code <id>-<hash>.bpmn20.xml}, the file as deployed. Ids that are not
 * plain file names are stored as {@code process-<hash of the id>}. Both are written to a temporary
 * file, forced to disk and moved into place; the record goes last and is the commit point, so a
 * crash leaves either the old record and its file or the new ones, plus leftovers that the next
 * {@link #restore} removes. A replace of a stored id writes the new file, then the record, then
 * removes the old file.
 *
 * <p>Restoring redeploys every record, oldest first, after whatever the caller deployed before
 * (Caravan: bundled, then the process folder), so an API deploy wins as it did before the restart.
 * A stored file that no longer validates (a step it names is gone) stops the restore with an
 * error naming the file: a process clients rely on must not vanish quietly.
 *
 * <p>Cost: two small file writes and three fsyncs per deploy; one read per stored process at start.
 */
public final class ProcessStore {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessStore.class);
  private static final String RECORD_SUFFIX = ".json";
  private static final String BPMN_SUFFIX = ".bpmn20.xml";
  private static final String TEMP_PREFIX = ".tmp-";
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  private final Path dir;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public ProcessStore(Path dir) {
    this(dir, Clock.systemUTC());
  }

  /** @param clock stamps deploys */
  public ProcessStore(Path dir, Clock clock) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Path dir() {
    return dir;
  }

  /**
   * Deploys through {@code runner} as {@link ProcessOrigin#API} and records the file, unless the
   * deploy changed nothing. When the record cannot be written the deployment is taken back, so
   * what runs is always what a restart brings back.
   *
   * @throws InvalidProcessException as {@link ProcessRunner#deploy(String, byte[], DeployRequest)}; nothing is written then
   * @throws ProcessExistsException as {@link ProcessRunner#deploy(String, byte[], DeployRequest)}; nothing is written then
   * @throws UncheckedIOException when the file or its record cannot be written; nothing is deployed then
   */
  public synchronized DeployOutcome deploy(ProcessRunner runner, String resourceName, byte[] bpmnXml, String deployedBy, boolean replace) {
    DeployOutcome out = runner.deploy(resourceName, bpmnXml, DeployRequest.api(deployedBy, clock.instant(), replace));
    if (out.unchanged()) {
      return out;
    }
    try {
      save(out.process(), bpmnXml);
    } catch (IOException | RuntimeException e) {
      runner.undeploy(out.process());
      IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
      throw new UncheckedIOException(
          "could not record process '" + out.process().key() + "' in " + dir + ", so it was not deployed: " + e.getMessage(), io);
    }
    return out;
  }

  /**
   * Redeploys every stored process into {@code runner}, oldest first, replacing what has the same
   * id, and removes leftovers of interrupted writes.
   *
   * @throws IllegalStateException naming the file when a stored process no longer validates, or
   *     when a record or its file is unreadable or was changed behind the store's back
   */
  public synchronized List<DeployedProcess> restore(ProcessRunner runner) {
    List<StoredProcess> stored = stored();
    removeLeftovers(stored);
    List<DeployedProcess> restored = new ArrayList<>(stored.size());
    for (StoredProcess s : stored) {
      byte[] xml = readVerified(s);
      try {
        restored.add(runner.deploy(s.resourceName(), xml, new DeployRequest(ProcessOrigin.API, s.deployedBy(), s.deployedAt(), true)).process());
      } catch (InvalidProcessException e) {
        throw new IllegalStateException(
            "process '" + s.key() + "' stored in " + s.bpmnFile() + " (deployed through the API" + by(s) + " at " + s.deployedAt()
                + ") no longer validates, so Caravan does not start without it: " + e.getMessage()
                + "\nProvide what it needs (the routes of its steps) or delete " + s.bpmnFile() + " and " + s.recordFile() + " to drop it.",
            e);
      }
    }
    if (!restored.isEmpty()) {
      LOG.info("restored {} process(es) deployed through the API from {}: {}", restored.size(), dir,
          restored.stream().map(DeployedProcess::key).toList());
    }
    return restored;
  }

  /**
   * What the store holds, oldest deploy first.
   *
   * @throws IllegalStateException naming the record when one cannot be read
   */
  public synchronized List<StoredProcess> stored() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<StoredProcess> out = new ArrayList<>();
    for (Path record : list(p -> isRecord(p.getFileName().toString()))) {
      out.add(read(record));
    }
    out.sort(Comparator.comparing(StoredProcess::deployedAt).thenComparing(StoredProcess::key));
    return out;
  }

  private void save(DeployedProcess p, byte[] xml) throws IOException {
    Files.createDirectories(dir);
    String stem = stem(p.key());
    String sha = sha256(xml);
    Path record = dir.resolve(stem + RECORD_SUFFIX);
    Path previous = Files.exists(record) ? read(record).bpmnFile() : null;
    Path bpmn = dir.resolve(stem + "-" + sha.substring(0, 12) + BPMN_SUFFIX);
    writeAtomically(bpmn, xml);
    ObjectNode node = json.createObjectNode()
        .put("key", p.key())
        .put("resource", p.resourceName())
        .put("file", bpmn.getFileName().toString())
        .put("sha256", sha)
        .put("origin", p.origin().label())
        .put("deployedAt", p.deployedAt().toString())
        .put("deployedBy", p.deployedBy());
    writeAtomically(record, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    if (previous != null && !previous.equals(bpmn)) {
      Files.deleteIfExists(previous);
    }
  }

  private StoredProcess read(Path record) {
    try {
      JsonNode n = json.readTree(record.toFile());
      String file = text(n, "file");
      if (!isBpmn(file) || !PLAIN_NAME.matcher(file).matches()) {
        throw new IllegalArgumentException("'file' must name a BPMN file in the same folder, was '" + file + "'");
      }
      return new StoredProcess(
          text(n, "key"), text(n, "resource"), Instant.parse(text(n, "deployedAt")), n.path("deployedBy").asText(""),
          dir.resolve(file), record, text(n, "sha256"));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "the process record " + record + " cannot be read (" + e.getMessage() + "); delete it and the BPMN file it names to drop that process", e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.textValue().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is missing");
    }
    return v.textValue();
  }

  private byte[] readVerified(StoredProcess s) {
    byte[] xml;
    try {
      xml = Files.readAllBytes(s.bpmnFile());
    } catch (IOException e) {
      throw new IllegalStateException(
          "the process record " + s.recordFile() + " names " + s.bpmnFile() + ", which cannot be read (" + e.getMessage()
              + "); delete the record to drop process '" + s.key() + "'", e);
    }
    if (!sha256(xml).equals(s.sha256())) {
      throw new IllegalStateException(
          s.bpmnFile() + " has changed since it was deployed (its SHA-256 no longer matches " + s.recordFile()
              + "); deploy the new version through the API, or put the deployed file back, or delete both files to drop process '"
              + s.key() + "'");
    }
    return xml;
  }

  /** Temporary files and BPMN files no record names: what a crash between two writes leaves. */
  private void removeLeftovers(List<StoredProcess> stored) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    Set<Path> named = stored.stream().map(StoredProcess::bpmnFile).collect(Collectors.toSet());
    for (Path p : list(p -> {
      String name = p.getFileName().toString();
      return name.startsWith(TEMP_PREFIX) || (isBpmn(name) && !named.contains(p));
    })) {
      try {
        Files.deleteIfExists(p);
        LOG.info("removed {}, left by an interrupted process deploy", p);
      } catch (IOException e) {
        LOG.warn("could not remove {}, left by an interrupted process deploy: {}", p, e.getMessage());
      }
    }
  }

  private List<Path> list(Predicate<Path> filter) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(filter).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the process store " + dir, e);
    }
  }

  private static boolean isRecord(String name) {
    return name.endsWith(RECORD_SUFFIX) && !name.startsWith(".");
  }

  private static boolean isBpmn(String name) {
    return name.endsWith(BPMN_SUFFIX);
  }

  /** The id itself when it is a plain file name, else a name derived from its hash. */
  static String stem(String key) {
    return PLAIN_NAME.matcher(key).matches() ? key : "process-" + sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(dir, TEMP_PREFIX, ".part");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    forceDirectory();
  }

  /** Makes the rename itself durable; some platforms cannot open a directory for that and need not. */
  private void forceDirectory() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("cannot force directory {} to disk on this platform: {}", dir, e.getMessage());
    }
  }

  private static String by(StoredProcess s) {
    return s.deployedBy().isEmpty() ? "" : " by " + s.deployedBy();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
