package io.caravan.agents;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;

/**
 * LangChain4j {@code @Tool} methods as Caravan tools. Each method gets a descriptor (name,
 * description and parameter schema exactly as LangChain4j's {@link ToolSpecifications} derives
 * them) and a Camel route {@code direct:tool-<name>} that converts the argument map to the method's
 * parameter types and invokes it, so these tools are called through Camel like every other tool.
 *
 * <p>Add the instance to the {@code CamelContext} as routes, and register {@link #descriptors()}.
 */
public final class AnnotatedTools extends RouteBuilder {

  private record Bound(ToolDescriptor descriptor, Object target, Method method, List<String> parameterNames) {}

  private final List<Bound> bound = new ArrayList<>();
  private final ObjectMapper json;

  /** Reads every {@code @Tool} method of {@code targets}; fails on a duplicate or invalid name. */
  public AnnotatedTools(ObjectMapper json, ToolSchemas schemas, Object... targets) {
    this.json = json;
    for (Object target : targets) {
      for (Method m : target.getClass().getDeclaredMethods()) {
        if (!m.isAnnotationPresent(Tool.class)) {
          continue;
        }
        ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(m);
        String description = spec.description() == null || spec.description().isBlank() ? spec.name() : spec.description();
        ToolDescriptor d = new ToolDescriptor(spec.name(), description, schemas.schemaOf(spec), List.of(), "direct:tool-" + spec.name());
        List<String> names = spec.parameters() == null ? List.of() : List.copyOf(spec.parameters().properties().keySet());
        if (names.size() != m.getParameterCount()) {
          throw new IllegalArgumentException(
              "tool method " + m + ": " + m.getParameterCount() + " parameters but " + names.size() + " in its specification; memory ids are not supported");
        }
        m.setAccessible(true);
        bound.add(new Bound(d, target, m, names));
      }
    }
  }

  public List<ToolDescriptor> descriptors() {
    return bound.stream().map(Bound::descriptor).toList();
  }

  @Override
  public void configure() {
    for (Bound b : bound) {
      from(b.descriptor().endpointUri())
          .routeId("tool-" + b.descriptor().name())
          .process(ex -> ex.getMessage().setBody(invoke(b, ex.getMessage().getBody(Map.class))));
    }
  }

  private Object invoke(Bound b, Map<?, ?> args) throws Exception {
    Object[] values = new Object[b.parameterNames().size()];
    java.lang.reflect.Type[] types = b.method().getGenericParameterTypes();
    for (int i = 0; i < values.length; i++) {
      Object raw = args == null ? null : args.get(b.parameterNames().get(i));
      JavaType type = json.getTypeFactory().constructType(types[i]);
      values[i] = raw == null ? (type.isPrimitive() ? json.convertValue(0, type) : null) : json.convertValue(raw, type);
    }
    try {
      return b.method().invoke(b.target(), values);
    } catch (InvocationTargetException e) {
      // the tool's own exception, not reflection's wrapper, is what the agent should read
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
