package io.caravan.connectors.llama;

import de.kherud.llama.LlamaModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts llama.cpp's shared libraries where the JNI binding loads them from, before its first use.
 *
 * <p>Left to itself the binding extracts them into the system temp folder, first deleting every
 * file there whose name starts with "llama" or "jllama" (another process's libraries included) and
 * printing to standard output, where the CLI writes answers. So they are extracted here, once per
 * JVM, into a folder of their own, and the binding is pointed at it through the two system
 * properties it reads; a user who sets those properties keeps them.
 */
final class LlamaNatives {

  private static final String RESOURCES = "/de/kherud/llama/Linux/x86_64/";
  private static final String[] LIBRARIES = {"libggml.so", "libllama.so", "libjllama.so"};

  private LlamaNatives() {}

  /** Idempotent and thread-safe; class initialisation runs it once. */
  static void prepare() {
    Holder.touch();
  }

  private static final class Holder {
    static {
      if (System.getProperty("de.kherud.llama.lib.path") == null) {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
          throw new UnsupportedOperationException(
              "the in-process LLM ships llama.cpp for Linux x86_64 only; this is " + os + " " + arch
                  + ": serve the model elsewhere and use an OpenAI-compatible chat model (CARAVAN_LLM_BASE_URL)");
        }
        try {
          Path dir = Files.createTempDirectory("caravan-llama-");
          dir.toFile().deleteOnExit();
          for (String lib : LIBRARIES) {
            try (InputStream in = LlamaModel.class.getResourceAsStream(RESOURCES + lib)) {
              if (in == null) {
                throw new IllegalStateException("the llama.cpp jar has no " + RESOURCES + lib);
              }
              Path target = dir.resolve(lib);
              Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
              target.toFile().deleteOnExit();
            }
          }
          System.setProperty("de.kherud.llama.lib.path", dir.toString());
          System.setProperty("de.kherud.llama.tmpdir", dir.toString());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot extract llama.cpp's native libraries: " + e.getMessage(), e);
        }
      }
    }

    static void touch() {}
  }
}
