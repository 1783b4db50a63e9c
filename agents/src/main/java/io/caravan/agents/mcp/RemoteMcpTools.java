package io.caravan.agents.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.agents.ToolCaller;
import io.caravan.agents.ToolDescriptor;
import io.caravan.agents.ToolRegistry;
import io.caravan.agents.ToolSchemas;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools of remote MCP servers, in Caravan's tool registry: at start each server is connected
 * with the SDK's client (Streamable HTTP), its tools are listed and registered as {@code
 * <server>_<tool>}, so that {@code tool-search} and {@code tool-agent} retrieve among them like
 * any other tool; a call goes through the Camel endpoint {@value #ENDPOINT}, which calls the tool on
 * its server ({@code tools/call}).
 *
 * <p>A server that cannot be reached at start (or fails to initialize or list) does not stop the
 * instance: it starts without that server's tools, says so in a warning and in {@link
 * #connections()}, and a restart picks the server up. A tool whose parameter schema Caravan cannot
 * hand to a model ({@link ToolSchemas}) is left out with a warning. Every exchange with a server,
 * start-up included, is bounded by {@code timeout}.
 *
 * <p>Cost at start: per server, one initialize and one {@code tools/list} per page, then one batched
 * encoding of the tools' texts by the tool index.
 */
public final class RemoteMcpTools implements AutoCloseable {

  /** Where {@link ToolCaller} sends a call of a remote tool; the tool's name is its header. */
  public static final String ENDPOINT = "direct:caravan-mcp-tools";

  private static final Logger LOG = LoggerFactory.getLogger(RemoteMcpTools.class);
  private static final int MAX_NAME = 128;
  /** A server listing more than this is misbehaving; its first tools are kept. */
  private static final int MAX_TOOLS_PER_SERVER = 10_000;

  /** How one server's connection went at start: the tools registered, or why there are none. */
  public record Connection(String server, URI url, int tools, int skipped, String problem) {
    public boolean connected() {
      return problem == null;
    }
  }

  /** A registered tool: the client of its server and its name there. */
  private record Remote(McpSyncClient client, String server, String tool) {}

  private final Map<String, Remote> tools = new ConcurrentHashMap<>();
  private final List<McpSyncClient> clients = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();
  private final ObjectMapper json;

  private RemoteMcpTools(ObjectMapper json) {
    this.json = json;
  }

  /** Connects to every server and registers the tools of those that answer. */
  public static RemoteMcpTools connect(List<RemoteMcpServer> servers, Duration timeout, ToolRegistry registry, ToolSchemas schemas, ObjectMapper json) {
    Objects.requireNonNull(timeout, "timeout");
    RemoteMcpTools remote = new RemoteMcpTools(json);
    for (RemoteMcpServer server : servers) {
      remote.connect(server, timeout, registry, schemas);
    }
    return remote;
  }

  private void connect(RemoteMcpServer server, Duration timeout, ToolRegistry registry, ToolSchemas schemas) {
    McpSyncClient client = client(server, timeout);
    List<McpSchema.Tool> listed = new ArrayList<>();
    try {
      client.initialize();
      String cursor = null;
      do {
        McpSchema.ListToolsResult page = client.listTools(cursor);
        listed.addAll(page.tools());
        cursor = page.nextCursor();
      } while (cursor != null && listed.size() < MAX_TOOLS_PER_SERVER);
    } catch (RuntimeException e) {
      client.close();
      String why = reason(e);
      LOG.warn("MCP server '{}' at {} could not be reached or listed ({}): starting without its tools; restart to retry",
          server.name(), server.url(), why);
      connections.add(new Connection(server.name(), server.url(), 0, 0, why));
      return;
    }
    clients.add(client);
    List<ToolDescriptor> descriptors = new ArrayList<>();
    Map<String, Remote> mine = new LinkedHashMap<>();
    int skipped = 0;
    for (McpSchema.Tool t : listed.subList(0, Math.min(listed.size(), MAX_TOOLS_PER_SERVER))) {
      String name = name(server.name(), t.name());
      try {
        if (tools.containsKey(name) || mine.containsKey(name) || registry.get(name).isPresent()) {
          throw new IllegalArgumentException("the name " + name + " is taken");
        }
        String schema = t.inputSchema() == null ? null : json.writeValueAsString(t.inputSchema());
        ToolDescriptor d = new ToolDescriptor(name, description(server, t), schema, List.of(), ENDPOINT);
        schemas.parse(d.name(), d.parametersSchema());
        descriptors.add(d);
        mine.put(name, new Remote(client, server.name(), t.name()));
      } catch (IllegalArgumentException | JsonProcessingException e) {
        skipped++;
        LOG.warn("MCP server '{}': tool '{}' is left out: {}", server.name(), t.name(), e.getMessage());
      }
    }
    tools.putAll(mine);
    registry.registerAll(descriptors);
    connections.add(new Connection(server.name(), server.url(), descriptors.size(), skipped, null));
    LOG.info("MCP server '{}' at {}: {} tools registered{}", server.name(), server.url(), descriptors.size(),
        skipped == 0 ? "" : ", " + skipped + " left out");
  }

  private McpSyncClient client(RemoteMcpServer server, Duration timeout) {
    URI url = server.url();
    String base = url.getScheme() + "://" + url.getRawAuthority();
    String endpoint = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base)
        .endpoint(endpoint)
        .jsonMapper(new JacksonMcpJsonMapper(json))
        .connectTimeout(timeout)
        .build();
    return McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("caravan", "0.1.0").build())
        .requestTimeout(timeout)
        .initializationTimeout(timeout)
        .jsonSchemaValidator(new DefaultJsonSchemaValidator(json))
        .build();
  }

  /** {@code <server>_<tool>}, with what a tool name may not hold replaced by '_' (names are matched through a table, never parsed). */
  static String name(String server, String tool) {
    String n = server + "_" + tool.replaceAll("[^A-Za-z0-9_.-]", "_");
    return n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n;
  }

  private static String description(RemoteMcpServer server, McpSchema.Tool t) {
    if (t.description() != null && !t.description().isBlank()) {
      return t.description();
    }
    return t.title() != null && !t.title().isBlank() ? t.title() : "Tool " + t.name() + " of the MCP server " + server.name();
  }

  /** The names this instance registered, by server. */
  public Map<String, List<String>> toolNames() {
    return tools.entrySet().stream()
        .collect(Collectors.groupingBy(e -> e.getValue().server(), Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
  }

  /** Every configured server, in order, and how connecting to it went. */
  public List<Connection> connections() {
    return List.copyOf(connections);
  }

  /** The route behind {@value #ENDPOINT}: a failed call (an error result, a timeout, a server gone) is an exception, which {@link ToolCaller} reports to the agent. */
  public RoutesBuilder routes() {
    return new RouteBuilder() {
      @Override
      public void configure() {
        from(ENDPOINT).routeId("mcp-remote-tools").process(RemoteMcpTools.this::call);
      }
    };
  }

  private void call(Exchange ex) {
    String name = ex.getMessage().getHeader(ToolCaller.TOOL_HEADER, String.class);
    Map<String, Object> arguments = new LinkedHashMap<>();
    if (ex.getMessage().getBody() instanceof Map<?, ?> body) {
      body.forEach((k, v) -> arguments.put(String.valueOf(k), v));
    }
    ex.getMessage().setBody(call(name, arguments));
  }

  /** Calls the remote tool {@code name} (as registered) and returns its text. */
  public String call(String name, Map<String, Object> arguments) {
    Remote r = name == null ? null : tools.get(name);
    if (r == null) {
      throw new IllegalArgumentException("no MCP tool is registered as '" + name + "'");
    }
    CallToolResult result;
    try {
      result = r.client().callTool(CallToolRequest.builder(r.tool()).arguments(arguments).build());
    } catch (RuntimeException e) {
      throw new IllegalStateException("the MCP server '" + r.server() + "' did not answer: " + reason(e), e);
    }
    String text = text(result);
    if (Boolean.TRUE.equals(result.isError())) {
      throw new IllegalStateException(text.isBlank() ? "the MCP server '" + r.server() + "' reported an error" : text);
    }
    return text;
  }

  private String text(CallToolResult result) {
    List<String> parts = new ArrayList<>();
    for (McpSchema.Content c : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
      parts.add(c instanceof McpSchema.TextContent t ? t.text() : "[" + c.type() + " content]");
    }
    if (parts.isEmpty() && result.structuredContent() != null) {
      try {
        parts.add(json.writeValueAsString(result.structuredContent()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the structured content of the tool's result is not JSON: " + e.getOriginalMessage(), e);
      }
    }
    return String.join("\n", parts);
  }

  /**
   * The outer message and the root cause: the SDK wraps a refused connection or a timeout in
   * exceptions that say only that the call failed, and the root alone may have no message at all.
   */
  private static String reason(Throwable e) {
    Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Throwable root = e;
    while (root.getCause() != null && seen.add(root)) {
      root = root.getCause();
    }
    String outer = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root == e) {
      return outer;
    }
    return outer + " (" + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
  }

  @Override
  public void close() {
    for (McpSyncClient c : clients) {
      try {
        c.closeGracefully();
      } catch (RuntimeException e) {
        LOG.debug("closing an MCP client: {}", e.toString());
      }
    }
    clients.clear();
  }
}
