package io.caravan.agents.mcp;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A remote MCP server whose tools Caravan registers: a short name, which prefixes its tools' names
 * ({@code <name>_<tool>}), and the URL of its Streamable HTTP endpoint.
 */
public record RemoteMcpServer(String name, URI url) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,31}");

  public RemoteMcpServer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("an MCP server name is a letter then up to 31 letters, digits or '-', was '" + name + "'");
    }
    // first, so that no later message quotes them
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("MCP server '" + name + "': the URL must not carry credentials");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException("MCP server '" + name + "': the URL must be http:// or https:// with a host, was '" + url + "'");
    }
  }

  /**
   * Servers written {@code name=url,name=url} (a setting); blank is none. Names must differ, since
   * they keep the servers' tools apart.
   */
  public static List<RemoteMcpServer> parseList(String text) {
    Map<String, RemoteMcpServer> servers = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected name=url, found '" + part.strip() + "'");
      }
      String name = part.substring(0, eq).strip();
      URI url;
      try {
        url = URI.create(part.substring(eq + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("MCP server '" + name + "': not a URL: " + e.getMessage(), e);
      }
      if (servers.put(name, new RemoteMcpServer(name, url)) != null) {
        throw new IllegalArgumentException("MCP server name '" + name + "' is given twice");
      }
    }
    return List.copyOf(new ArrayList<>(servers.values()));
  }
}
