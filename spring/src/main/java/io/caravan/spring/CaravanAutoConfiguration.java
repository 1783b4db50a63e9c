package io.caravan.spring;

import dev.langchain4j.model.chat.ChatModel;
import io.caravan.core.spi.DocumentIndex;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Generator;
import io.caravan.core.spi.Reranker;
import io.caravan.core.spi.Retriever;
import io.caravan.core.spi.Step;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternUtils;

/**
 * A {@link Caravan} bean for a Spring Boot application: its settings are the {@code caravan.*}
 * properties (the names the CLI and {@code caravan.properties} use), and a bean of the application's
 * replaces the default part of its type:
 *
 * <ul>
 *   <li>one {@link Encoder}, {@link Retriever}, {@link Reranker}, {@link Generator}, LangChain4j
 *       {@link ChatModel} or {@link DocumentIndex} bean each (two of a type need one marked
 *       {@code @Primary});
 *   <li>every {@link Step} bean, each a step BPMN files can name; one whose {@link Step#name()} is a
 *       built-in step's ({@code retrieve}, {@code rerank}, {@code generate}, ...) replaces it.
 * </ul>
 *
 * <p>BPMN files come from {@code caravan.process.dir} (a folder, as for the CLI) and from
 * {@code caravan.spring.processes}, Spring resource patterns such as
 * {@code classpath:processes/*.bpmn20.xml}, which also reach files inside the application's jar. The
 * chat model, when no bean gives one, comes from {@code CARAVAN_LLM_*} as for the CLI.
 *
 * <p>An application that defines its own {@link Caravan} bean (or {@link CaravanSettings} bean)
 * gets that one instead. The bean is closed with the context; the parts the application gave it
 * are Spring's to close.
 */
@AutoConfiguration
public class CaravanAutoConfiguration {

  /** The settings: defaults, then every {@code caravan.*} property the environment sets. */
  @Bean
  @ConditionalOnMissingBean
  public CaravanSettings caravanSettings(Environment environment) {
    return EnvironmentSettings.from(environment);
  }

  /** Caravan from the settings and the application's parts; the processes named by the properties deployed. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Caravan caravan(
      CaravanSettings settings,
      Environment environment,
      ResourceLoader resourceLoader,
      ObjectProvider<DocumentIndex> index,
      ObjectProvider<Encoder> encoder,
      ObjectProvider<Retriever> retriever,
      ObjectProvider<Reranker> reranker,
      ObjectProvider<Generator> generator,
      ObjectProvider<ChatModel> chatModel,
      ObjectProvider<Step> steps)
      throws Exception {
    // read before anything starts, so a missing file fails without starting Camel and Flowable first
    List<BpmnFile> bpmn = bpmnFiles(EnvironmentSettings.processPatterns(environment), ResourcePatternUtils.getResourcePatternResolver(resourceLoader));

    Caravan.Builder builder = Caravan.builder().settings(settings).environment(EnvironmentSettings.chatModelVariables(environment));
    index.ifAvailable(builder::index);
    encoder.ifAvailable(builder::encoder);
    retriever.ifAvailable(builder::retriever);
    reranker.ifAvailable(builder::reranker);
    generator.ifAvailable(builder::generator);
    chatModel.ifAvailable(builder::chatModel);
    steps.orderedStream().forEach(builder::step);
    Caravan caravan = builder.build();
    try {
      for (BpmnFile file : bpmn) {
        caravan.processRunner().deploy(file.name(), file.xml());
      }
      return caravan;
    } catch (RuntimeException e) {
      caravan.close();
      throw e;
    }
  }

  private record BpmnFile(String name, byte[] xml) {}

  private static List<BpmnFile> bpmnFiles(List<String> patterns, ResourcePatternResolver resolver) {
    Map<String, BpmnFile> byLocation = new LinkedHashMap<>();
    for (String pattern : patterns) {
      Map<String, Resource> found = new LinkedHashMap<>();
      try {
        for (Resource r : resolver.getResources(pattern)) {
          if (r.exists() && r.isReadable()) {
            found.put(r.getURL().toExternalForm(), r);
          }
        }
      } catch (FileNotFoundException e) {
        // the pattern's folder does not exist: no match, reported below with the pattern
      } catch (IOException e) {
        throw new UncheckedIOException(EnvironmentSettings.PROCESSES + ": cannot list '" + pattern + "': " + e.getMessage(), e);
      }
      if (found.isEmpty()) {
        throw new IllegalArgumentException(
            EnvironmentSettings.PROCESSES + ": no BPMN file matches '" + pattern + "' (a pattern such as classpath:processes/*.bpmn20.xml)");
      }
      List<Map.Entry<String, Resource>> inOrder = new ArrayList<>(found.entrySet());
      inOrder.sort(Comparator.comparing(e -> String.valueOf(e.getValue().getFilename())));
      for (Map.Entry<String, Resource> e : inOrder) {
        byLocation.computeIfAbsent(e.getKey(), url -> new BpmnFile(String.valueOf(e.getValue().getFilename()), read(e.getValue())));
      }
    }
    return List.copyOf(byLocation.values());
  }

  private static byte[] read(Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(EnvironmentSettings.PROCESSES + ": cannot read " + resource.getDescription() + ": " + e.getMessage(), e);
    }
  }
}
