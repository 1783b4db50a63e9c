package io.caravan.agents;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads tool catalogues from JSON files. Two shapes:
 *
 * <ul>
 *   <li>Caravan's: {@code {"tools": [{"name", "description", "parameters", "examples", "endpoint"}]}}
 *       (or the array alone); {@code parameters} is a JSON Schema object, {@code endpoint} the Camel
 *       URI that runs the tool.
 *   <li>A name-to-description object, the MetaTool / MTRB form ({@code plugin_des.json}): tools that
 *       can be retrieved but have no endpoint to call.
 * </ul>
 *
 * Names that a chat model would refuse (spaces, slashes) are made safe ({@link #safeName}). Every
 * problem names the file and the entry; a bad file fails the whole read, so half a catalogue is
 * never registered.
 */
public final class ToolCatalogReader {

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.-]+");

  private final ObjectMapper json;
  private final ToolSchemas schemas;

  public ToolCatalogReader(ObjectMapper json, ToolSchemas schemas) {
    this.json = json;
    this.schemas = schemas;
  }

  /** Every {@code *.json} file of {@code dir}, in file-name order. */
  public List<ToolDescriptor> readFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("tool catalogue folder not found: " + dir);
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
      ds.forEach(files::add);
    }
    files.sort(null);
    List<ToolDescriptor> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Path f : files) {
      for (ToolDescriptor t : read(f)) {
        if (!names.add(t.name())) {
          throw new IOException(f + ": tool " + t.name() + " is already defined by an earlier catalogue in " + dir);
        }
        out.add(t);
      }
    }
    return out;
  }

  public List<ToolDescriptor> read(Path file) throws IOException {
    JsonNode root;
    try {
      root = json.readTree(file.toFile());
    } catch (JacksonException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode list = root != null && root.isObject() && root.has("tools") ? root.get("tools") : root;
    List<ToolDescriptor> out = new ArrayList<>();
    Set<String> used = new HashSet<>();
    if (list != null && list.isArray()) {
      int i = 0;
      for (JsonNode e : list) {
        out.add(entry(file, i++, e));
      }
    } else if (list != null && list.isObject()) {
      for (Map.Entry<String, JsonNode> e : list.properties()) {
        if (!e.getValue().isTextual()) {
          throw new IOException(file + ": description of \"" + e.getKey() + "\" is not a string");
        }
        out.add(new ToolDescriptor(unique(safeName(e.getKey()), used), e.getValue().asText(), null, List.of(), null));
      }
    } else {
      throw new IOException(file + ": expected {\"tools\": [...]}, an array of tools or a name-to-description object");
    }
    return out;
  }

  private ToolDescriptor entry(Path file, int i, JsonNode e) throws IOException {
    String where = file + " [" + i + "]";
    if (!e.isObject() || !e.path("name").isTextual() || !e.path("description").isTextual()) {
      throw new IOException(where + ": a tool needs string fields \"name\" and \"description\"");
    }
    List<String> examples = new ArrayList<>();
    for (JsonNode x : e.path("examples")) {
      examples.add(x.asText());
    }
    String schema = e.has("parameters") ? e.get("parameters").toString() : null;
    try {
      ToolDescriptor t = new ToolDescriptor(e.get("name").asText(), e.get("description").asText(), schema, examples, e.path("endpoint").asText(""));
      schemas.parse(t.name(), t.parametersSchema());
      return t;
    } catch (IllegalArgumentException ex) {
      throw new IOException(where + ": " + ex.getMessage(), ex);
    }
  }

  /** A name a chat model accepts: unsafe runs become '_', a leading non-letter gets a 't', at most 64 characters. */
  public static String safeName(String raw) {
    String s = UNSAFE.matcher(raw.strip()).replaceAll("_").replaceAll("^_+|_+$", "");
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      s = "t_" + s;
    }
    return s.length() > 64 ? s.substring(0, 64) : s;
  }

  private static String unique(String name, Set<String> used) {
    String n = name;
    for (int i = 2; !used.add(n); i++) {
      n = name + "_" + i;
    }
    return n;
  }
}
