package dev.homeshelves.shelves.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShelfSpecProcessorTest {
  /** Just the SPI and the embeddings API: javac starts faster than with the whole test class path. */
  private static final String SPI_CLASS_PATH = String.join(java.io.File.pathSeparator,
      codeSource(dev.homeshelves.shelves.ShelfFunction.class),
      codeSource(dev.homeshelves.embeddings.Recommender.class));

  @TempDir Path out;

  private static String codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Result(boolean ok, List<String> errors) {}

  private Result compile(String className, String source) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    var diagnostics = new DiagnosticCollector<JavaFileObject>();
    JavaFileObject file = new SimpleJavaFileObject(
        Path.of(className.replace('.', '/') + ".java").toUri(), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    var options = List.of("-d", out.toString(), "-classpath", SPI_CLASS_PATH, "-proc:only");
    var task = javac.getTask(null, null, diagnostics, options, null, List.of(file));
    task.setProcessors(List.of(new ShelfSpecProcessor()));
    boolean ok = task.call();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(d.getMessage(Locale.ROOT));
      }
    }
    return new Result(ok, errors);
  }

  private static String shelf(String modifiers, String body) {
    return "package p;\n"
        + "import dev.homeshelves.shelves.*;\n"
        + "import java.util.Optional;\n"
        + "@ShelfSpec(id = \"x\", title = \"X\")\n"
        + modifiers + " class S implements ShelfFunction {\n" + body
        + "  public Optional<ShelfDraft> compute(ShelfContext ctx) { return Optional.empty(); }\n"
        + "}\n";
  }

  @Test
  void annotatedShelfIsListedInTheServiceFile() throws IOException {
    var result = compile("p.S", shelf("public final", ""));

    assertThat(result.errors()).isEmpty();
    assertThat(Files.readAllLines(out.resolve("META-INF/services/dev.homeshelves.shelves.ShelfFunction")))
        .containsExactly("p.S");
  }

  @Test
  void nonPublicShelfFailsTheBuild() {
    var result = compile("p.S", shelf("final", ""));

    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).anyMatch(e -> e.contains("shelf class must be public"));
  }

  @Test
  void shelfWithoutNoArgumentConstructorFailsTheBuild() {
    var result = compile("p.S", shelf("public final", "  public S(int size) {}\n"));

    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).anyMatch(e -> e.contains("public no-argument constructor"));
  }

  @Test
  void annotatedClassThatIsNoShelfFunctionFailsTheBuild() {
    var result = compile("p.T", "package p;\n@dev.homeshelves.shelves.ShelfSpec(id = \"t\", title = \"T\")\n"
        + "public class T {}\n");

    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).anyMatch(e -> e.contains("must implement dev.homeshelves.shelves.ShelfFunction"));
  }
}
