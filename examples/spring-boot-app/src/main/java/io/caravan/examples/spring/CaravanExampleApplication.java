package io.caravan.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application with Caravan inside: the starter makes the {@code Caravan} bean from
 * {@code application.properties}, {@link OneChunkPerDocument} is a step of the application's own
 * BPMN process, {@link CorpusLoader} ingests a folder at start and {@link AskController} answers
 * questions over HTTP.
 */
@SpringBootApplication
public class CaravanExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(CaravanExampleApplication.class, args);
  }
}
