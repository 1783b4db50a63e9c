package io.caravan.processes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.core.RagState;
import io.caravan.processes.camel.CaravanComponent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.common.engine.impl.persistence.StrongUuidGenerator;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.impl.cfg.DelegateExpressionFieldInjectionMode;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.engine.runtime.ProcessInstanceBuilder;
import org.flowable.variable.api.history.HistoricVariableInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Caravan's BPMN processes on an embedded Flowable engine whose step tasks reach steps through
 * a Camel context. The facade the rest of Caravan uses: deploy (validated first), list, run.
 *
 * <p>Strategy: a run is one synchronous {@code start()} on the caller's thread. The query state
 * travels in a transient variable ({@link ProcessRun}), so in {@link HistoryMode#FAST} a finished
 * instance never reaches the database; ids come from a UUID generator, so concurrent runs (and
 * several engine nodes on one database) never contend for id blocks. Each run has a {@link
 * RunDeadline}, checked before every step task. The async executor, the IDM engine, the event
 * registry and diagram rendering are off: nothing here needs them.
 *
 * <p>Cost: engine start creates the schema (about a second on in-memory H2); a run costs the
 * engine a fraction of a millisecond plus the steps. Thread-safe: run from as many threads as you
 * like. The runner does not own the Camel context; {@link #close()} leaves it running.
 */
public final class ProcessRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
  private static final String RESOURCE_FOLDER = "io/caravan/processes/";
  /** Lists the file names of the bundled processes, one per line, so a new one needs no code. */
  private static final String BUNDLED_INDEX = RESOURCE_FOLDER + "bundled.txt";
  /** Stored beside each BPMN file in its deployment: where it came from (see {@link DeployedProcess}). */
  private static final String PROVENANCE_RESOURCE = "caravan-provenance.json";

  private final CamelContext camel;
  private final ProcessSettings settings;
  private final ProducerTemplate producer;
  private final ProcessEngine engine;
  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final HistoryService history;
  private final TraceJson traceJson;
  private final String jdbcUrl;
  private final boolean ownsDatabase;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ObjectMapper provenanceJson = new ObjectMapper();
  /** Deployments never change, so what one records is read once. */
  private final Map<String, Provenance> provenance = new ConcurrentHashMap<>();
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong finished = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong deadlineExceeded = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private final RunListener listener;

  public ProcessRunner(CamelContext camel) {
    this(camel, ProcessSettings.defaults());
  }

  public ProcessRunner(CamelContext camel, ProcessSettings settings) {
    this(camel, settings, RunListener.NONE);
  }

  /** @param listener told of every run once it ended (metrics, traces) */
  public ProcessRunner(CamelContext camel, ProcessSettings settings, RunListener listener) {
    this.camel = Objects.requireNonNull(camel, "camel");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.ownsDatabase = settings.jdbcUrl() == null;
    // DB_CLOSE_DELAY=-1 keeps the database while the pool has no open connection; close() drops it
    this.jdbcUrl = ownsDatabase ? "jdbc:h2:mem:caravan-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=256" : settings.jdbcUrl();
    this.traceJson = new TraceJson();
    this.producer = camel.createProducerTemplate();

    StandaloneProcessEngineConfiguration config = new StandaloneProcessEngineConfiguration();
    config.setEngineName("caravan-" + UUID.randomUUID()); // engines register by name in a JVM-wide map
    config.setJdbcUrl(jdbcUrl);
    config.setJdbcDriver(driverFor(jdbcUrl));
    config.setJdbcUsername(ownsDatabase ? "sa" : settings.jdbcUsername());
    config.setJdbcPassword(ownsDatabase ? "" : settings.jdbcPassword());
    config.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
    config.setHistoryLevel(settings.history().level());
    config.setIdGenerator(new StrongUuidGenerator());
    config.setAsyncExecutorActivate(false);
    config.setDisableIdmEngine(true);
    config.setDisableEventRegistry(true);
    config.setCreateDiagramOnDeploy(false);
    config.setEnableSafeBpmnXml(true);
    // A query instance lives inside one transaction. With relationship counts, ending it needs no
    // queries for variables, jobs, subscriptions or identity links it never had; eager fetching
    // loads the execution tree in one query. Measured: about half the engine's cost per run.
    config.setEnableExecutionRelationshipCounts(true);
    config.setEnableEagerExecutionTreeFetching(true);
    config.setEnableEventDispatcher(false);
    // the one step delegate is shared; it reads its step from the model, never from injected fields
    config.setDelegateExpressionFieldInjectionMode(DelegateExpressionFieldInjectionMode.DISABLED);
    // no JUEL and no scripts: the engine's only expressions are the step delegate and Caravan
    // conditions, even for a definition deployed through engine() around the validator
    config.setExpressionManager(new CaravanExpressions(
        new CamelStepTask(producer, settings.history().keepsHistory() ? traceJson : null)));
    config.setScriptEngine(CaravanExpressions.NO_SCRIPTS);
    try {
      this.engine = config.buildProcessEngine();
    } catch (RuntimeException e) {
      producer.stop();
      if (ownsDatabase) {
        try {
          dropDatabase();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    this.repository = engine.getRepositoryService();
    this.runtime = engine.getRuntimeService();
    this.history = engine.getHistoryService();
  }

  public ProcessSettings settings() {
    return settings;
  }

  /** Validates without deploying, against the steps registered in the Camel context right now. */
  public ValidationReport validate(String resourceName, byte[] bpmnXml) {
    return validator().validate(resourceName, bpmnXml);
  }

  /**
   * Validates and deploys one BPMN file holding one process, as the Java API does: origin {@link
   * ProcessOrigin#API}, replacing a process with the same id if there is one. Deploying the bytes
   * of the latest version again is a no-op that returns the existing definition.
   *
   * @throws InvalidProcessException with every problem found; nothing is deployed then
   */
  public DeployedProcess deploy(String resourceName, byte[] bpmnXml) {
    return deploy(resourceName, bpmnXml, DeployRequest.api("", Instant.now(), true)).process();
  }

  /**
   * Validates and deploys one BPMN file holding one process, recording where it came from.
   * Deploying the bytes of the latest version of its id again is a no-op ({@link
   * DeployOutcome#unchanged()}), whatever the file is called.
   *
   * @throws InvalidProcessException with every problem found; nothing is deployed then
   * @throws ProcessExistsException when the id exists with other content and the request does not
   *     say {@link DeployRequest#replace()}; nothing is deployed then
   */
  public DeployOutcome deploy(String resourceName, byte[] bpmnXml, DeployRequest request) {
    requireOpen();
    checkResourceName(resourceName);
    Objects.requireNonNull(bpmnXml, "bpmnXml");
    Objects.requireNonNull(request, "request");
    ValidationReport report = validator().validate(resourceName, bpmnXml).orThrow();
    return deployValidated(resourceName, bpmnXml, report.processIds().get(0), request);
  }

  /**
   * Deploys every {@code *.bpmn20.xml} and {@code *.bpmn} file directly in {@code dir}, in name
   * order, after validating all of them: one bad file (or two files with the same process id)
   * deploys nothing and names the file. A file may replace a process with the same id (a bundled
   * one, say); the replacement is logged.
   */
  public List<DeployedProcess> deployFolder(Path dir) {
    requireOpen();
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a directory: " + dir);
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(Files::isRegularFile).filter(p -> isBpmnName(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    Map<String, byte[]> sources = new LinkedHashMap<>();
    List<ProcessProblem> unreadable = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      try {
        sources.put(name, Files.readAllBytes(file));
      } catch (IOException e) {
        unreadable.add(new ProcessProblem(name, null, 0, "cannot read " + file + ": " + e.getMessage()));
      }
    }
    return deployAll(sources, unreadable, ProcessOrigin.FOLDER);
  }

  /** Deploys the processes shipped in this module (at least {@code rag}), listed in {@code bundled.txt}. */
  public List<DeployedProcess> deployBundled() {
    requireOpen();
    ClassLoader loader = ProcessRunner.class.getClassLoader();
    Map<String, byte[]> sources = new LinkedHashMap<>();
    String index = new String(readResource(loader, BUNDLED_INDEX), StandardCharsets.UTF_8);
    for (String name : index.lines().map(String::strip).toList()) {
      if (!name.isEmpty() && !name.startsWith("#")) {
        sources.put(name, readResource(loader, RESOURCE_FOLDER + name));
      }
    }
    return deployAll(sources, List.of(), ProcessOrigin.BUNDLED);
  }

  /** The latest version of every deployed process, by key. */
  public List<DeployedProcess> processes() {
    requireOpen();
    return repository.createProcessDefinitionQuery().latestVersion().orderByProcessDefinitionKey().asc().list().stream()
        .map(this::deployed)
        .toList();
  }

  /** Every version of the process {@code key}, oldest first; empty when nothing has that key. */
  public List<DeployedProcess> versions(String key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    return repository.createProcessDefinitionQuery().processDefinitionKey(key).orderByProcessDefinitionVersion().asc().list().stream()
        .map(this::deployed)
        .toList();
  }

  /**
   * Runs the latest version of process {@code processKey} on {@code initial} under the standard
   * deadline of {@link ProcessSettings#timeouts()}; see {@link #run(String, RagState, RunDeadline)}.
   */
  public RagState run(String processKey, RagState initial) {
    return run(processKey, initial, settings.timeouts().deadline(null));
  }

  /**
   * Runs the latest version of process {@code processKey} on {@code initial} and returns the final
   * state. The run stops before any step task that would start after {@code deadline} expired or
   * was cancelled; the step running at that moment finishes first.
   *
   * @throws UnknownProcessException when no process has that key
   * @throws StepFailedException when a step fails (the cause is the step's exception)
   * @throws LoopBoundExceededException when a loop goes past its {@code caravan:maxVisits}
   * @throws RunDeadlineExceededException when the deadline passed before the run finished
   * @throws RunCancelledException when the deadline was cancelled before the run finished
   * @throws ProcessFailedException for anything else that stops the run
   */
  public RagState run(String processKey, RagState initial, RunDeadline deadline) {
    requireOpen();
    if (processKey == null || processKey.isBlank()) {
      throw new IllegalArgumentException("process key must not be blank");
    }
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(deadline, "deadline");
    started.incrementAndGet();
    ProcessRun run = new ProcessRun(processKey, initial, deadline);
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    RagState done;
    try {
      done = start(run);
    } catch (RuntimeException e) {
      if (e instanceof RunDeadlineExceededException) {
        deadlineExceeded.incrementAndGet();
        LOG.info("{}", e.getMessage());
      } else if (e instanceof RunCancelledException) {
        cancelled.incrementAndGet();
        LOG.info("{}", e.getMessage());
      } else {
        failed.incrementAndGet();
      }
      tell(new RunEnd(processKey, RunEnd.Outcome.of(e), startedAt, Duration.ofNanos(System.nanoTime() - t0), run.state(), Optional.of(e)));
      throw e;
    }
    finished.incrementAndGet();
    tell(new RunEnd(processKey, RunEnd.Outcome.FINISHED, startedAt, Duration.ofNanos(System.nanoTime() - t0), done, Optional.empty()));
    return done;
  }

  private void tell(RunEnd end) {
    try {
      listener.ended(end);
    } catch (RuntimeException e) {
      LOG.warn("the run listener failed on a run of '{}' ({}); the run's result stands", end.processKey(), e.toString());
    }
  }

  /** How the runs of this runner ended so far. */
  public RunCounts runCounts() {
    return new RunCounts(started.get(), finished.get(), failed.get(), deadlineExceeded.get(), cancelled.get());
  }

  private RagState start(ProcessRun run) {
    String processKey = run.processKey();
    RagState initial = run.state();
    ProcessInstanceBuilder builder = runtime.createProcessInstanceBuilder()
        .processDefinitionKey(processKey)
        .businessKey(initial.id())
        .transientVariable(CaravanBpmn.RUN_VARIABLE, run);
    if (settings.history().keepsHistory()) {
      builder.variable(CaravanBpmn.QUERY_VARIABLE, initial.query().text())
          .variable(CaravanBpmn.TRACE_VARIABLE, traceJson.write(initial.trace()));
    }
    ProcessInstance instance;
    try {
      instance = builder.start();
    } catch (FlowableObjectNotFoundException e) {
      if (e.getObjectClass() == ProcessDefinition.class) {
        throw new UnknownProcessException(processKey, processes().stream().map(DeployedProcess::key).toList());
      }
      throw failure(processKey, e);
    } catch (RuntimeException e) {
      throw failure(processKey, e);
    }
    if (!instance.isEnded()) {
      // only reachable for a definition deployed around the validator (through engine())
      String activities = String.valueOf(runtime.getActiveActivityIds(instance.getId()));
      runtime.deleteProcessInstance(instance.getId(), "stopped at a wait state; Caravan runs processes synchronously");
      throw new ProcessFailedException(
          processKey, "the instance stopped at wait state(s) " + activities + " instead of finishing", null);
    }
    return run.state();
  }

  /**
   * The latest finished run of the query state {@code stateId}, in history modes that keep one;
   * always empty in {@link HistoryMode#FAST}.
   */
  public Optional<HistoricRun> history(String stateId) {
    requireOpen();
    Objects.requireNonNull(stateId, "stateId");
    if (!settings.history().keepsHistory()) {
      return Optional.empty();
    }
    List<HistoricProcessInstance> found = history.createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(stateId)
        .finished()
        .orderByProcessInstanceStartTime()
        .desc()
        .listPage(0, 1);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    HistoricProcessInstance instance = found.get(0);
    HistoricVariableInstance trace = history.createHistoricVariableInstanceQuery()
        .processInstanceId(instance.getId())
        .variableName(CaravanBpmn.TRACE_VARIABLE)
        .singleResult();
    return Optional.of(new HistoricRun(
        instance.getId(),
        instance.getProcessDefinitionKey(),
        stateId,
        instance.getStartTime().toInstant(),
        instance.getEndTime() == null ? null : instance.getEndTime().toInstant(),
        trace == null ? null : (String) trace.getValue()));
  }

  /**
   * The engine itself, for history queries and administration. Deploying through it skips Caravan's
   * validation, though not its expressions: the engine evaluates only {@code ${caravanStep}} and
   * Caravan conditions and runs no scripts, so any other expression fails the run (or the deploy)
   * instead of running. Runs started through it lack the state and fail at their first step task.
   */
  public ProcessEngine engine() {
    return engine;
  }

  /** Closes the engine and drops the private in-memory database; the Camel context stays up. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      engine.close();
    } finally {
      producer.stop();
      if (ownsDatabase) {
        dropDatabase();
      }
    }
  }

  private BpmnValidator validator() {
    Set<String> steps = CaravanComponent.registry(camel).names(); // one snapshot per deployment
    return new BpmnValidator(steps::contains, settings.limits());
  }

  private List<DeployedProcess> deployAll(Map<String, byte[]> sources, List<ProcessProblem> earlier, ProcessOrigin origin) {
    BpmnValidator validator = validator();
    List<ProcessProblem> problems = new ArrayList<>(earlier);
    Map<String, String> owners = new HashMap<>();
    Map<String, String> keys = new HashMap<>();
    sources.forEach((name, xml) -> {
      ValidationReport report = validator.validate(name, xml);
      problems.addAll(report.problems());
      for (String id : report.processIds()) {
        keys.put(name, id);
        String other = owners.putIfAbsent(id, name);
        if (other != null) {
          problems.add(new ProcessProblem(name, id, 0, "process id '" + id + "' is also defined in " + other));
        }
      }
    });
    if (!problems.isEmpty()) {
      throw new InvalidProcessException(problems);
    }
    List<DeployedProcess> deployed = new ArrayList<>(sources.size());
    DeployRequest request = new DeployRequest(origin, "", Instant.now(), true);
    sources.forEach((name, xml) -> deployed.add(deployValidated(name, xml, keys.get(name), request).process()));
    return deployed;
  }

  /**
   * Deploys a validated file unless it is byte for byte the latest version of its id. Serialised,
   * so that two deploys of one id cannot both pass the replace check.
   */
  private synchronized DeployOutcome deployValidated(String resourceName, byte[] xml, String key, DeployRequest request) {
    ProcessDefinition latest = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
    DeployedProcess previous = latest == null ? null : deployed(latest);
    if (latest != null && Arrays.equals(xml, resourceBytes(latest.getDeploymentId(), latest.getResourceName()))) {
      return new DeployOutcome(previous, true, Optional.empty());
    }
    if (previous != null && !request.replace()) {
      throw new ProcessExistsException(previous);
    }
    Deployment deployment = repository.createDeployment()
        .name(resourceName)
        .category(request.origin().label())
        .addBytes(resourceName, xml)
        .addBytes(PROVENANCE_RESOURCE, provenanceJson(request))
        .deploy();
    List<ProcessDefinition> definitions =
        repository.createProcessDefinitionQuery().deploymentId(deployment.getId()).list();
    if (definitions.size() != 1) {
      throw new IllegalStateException(
          "deployment of " + resourceName + " produced " + definitions.size() + " process definitions, expected 1");
    }
    DeployedProcess now = deployed(definitions.get(0));
    if (previous != null) {
      LOG.info("process '{}' version {} ({}) replaced by version {} from {} ({}{})", key, previous.version(), previous.origin().label(),
          now.version(), resourceName, now.origin().label(), now.deployedBy().isEmpty() ? "" : ", by " + now.deployedBy());
    }
    return new DeployOutcome(now, false, Optional.ofNullable(previous));
  }

  /** Takes back a deployment this runner just made (its caller could not record it); the previous version is the latest again. */
  void undeploy(DeployedProcess p) {
    repository.deleteDeployment(p.deploymentId(), true);
    provenance.remove(p.deploymentId());
  }

  private DeployedProcess deployed(ProcessDefinition d) {
    Provenance from = provenance.computeIfAbsent(d.getDeploymentId(), this::readProvenance);
    return new DeployedProcess(
        d.getKey(), d.getName() == null ? d.getKey() : d.getName(), d.getVersion(), d.getId(), d.getDeploymentId(),
        d.getResourceName(), from.origin(), from.deployedAt(), from.deployedBy());
  }

  /** Where a deployment came from, as recorded beside its BPMN file, so it holds in a shared database too. */
  private record Provenance(ProcessOrigin origin, Instant deployedAt, String deployedBy) {}

  private byte[] provenanceJson(DeployRequest request) {
    ObjectNode node = provenanceJson.createObjectNode()
        .put("origin", request.origin().label())
        .put("deployedAt", request.deployedAt().toString())
        .put("deployedBy", request.deployedBy());
    try {
      return provenanceJson.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private Provenance readProvenance(String deploymentId) {
    boolean recorded = repository.getDeploymentResourceNames(deploymentId).contains(PROVENANCE_RESOURCE);
    if (!recorded) {
      Deployment d = repository.createDeploymentQuery().deploymentId(deploymentId).singleResult();
      return new Provenance(ProcessOrigin.UNKNOWN, d.getDeploymentTime().toInstant(), "");
    }
    try {
      JsonNode node = provenanceJson.readTree(resourceBytes(deploymentId, PROVENANCE_RESOURCE));
      return new Provenance(
          ProcessOrigin.ofLabel(node.path("origin").asText()),
          Instant.parse(node.path("deployedAt").asText()),
          node.path("deployedBy").asText(""));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("deployment " + deploymentId + " has an unreadable " + PROVENANCE_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  private byte[] resourceBytes(String deploymentId, String resourceName) {
    try (InputStream in = repository.getResourceAsStream(deploymentId, resourceName)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resourceName + " of deployment " + deploymentId, e);
    }
  }

  private static RuntimeException failure(String processKey, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProcessException own) {
        return own; // Flowable wraps what delegates throw; callers get Caravan's exception back
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason = root == e || root.getMessage() == null || Objects.equals(root.getMessage(), e.getMessage())
        ? e.getMessage()
        : e.getMessage() + " (caused by: " + root.getMessage() + ")";
    return new ProcessFailedException(processKey, reason, e);
  }

  private static boolean isBpmnName(String name) {
    return name.endsWith(".bpmn20.xml") || name.endsWith(".bpmn");
  }

  private static void checkResourceName(String resourceName) {
    if (resourceName == null || !isBpmnName(resourceName) || resourceName.isBlank()) {
      throw new IllegalArgumentException(
          "resource name must end with .bpmn20.xml or .bpmn (the engine only reads those), was '" + resourceName + "'");
    }
  }

  private static String driverFor(String url) {
    try {
      return DriverManager.getDriver(url).getClass().getName();
    } catch (SQLException e) {
      throw new IllegalArgumentException("no JDBC driver on the classpath accepts " + url, e);
    }
  }

  private static byte[] readResource(ClassLoader loader, String path) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("bundled resource " + path + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled resource " + path, e);
    }
  }

  private void dropDatabase() {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop the in-memory process database " + jdbcUrl, e);
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this ProcessRunner is closed");
    }
  }
}
