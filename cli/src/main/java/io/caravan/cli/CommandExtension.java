package io.caravan.cli;

import java.util.List;

/**
 * Commands a module adds to {@code caravan}, found with {@link java.util.ServiceLoader} so that the
 * command line does not depend on the modules that extend it (the research module adds {@code eval}
 * and {@code policy}). Each command is a picocli {@code @Command} object.
 */
public interface CommandExtension {

  List<Object> commands();
}
