package dev.homeshelves.shelves.processor;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;

/**
 * Writes {@code META-INF/services/dev.homeshelves.shelves.ShelfFunction} listing every class
 * annotated with {@code @ShelfSpec}, so that adding a shelf is adding one class. Rejects, at
 * compile time, annotated classes that {@link java.util.ServiceLoader} could not instantiate.
 *
 * <p>Refers to the SPI types by name only: it is compiled before them.
 */
@SupportedAnnotationTypes(ShelfSpecProcessor.SHELF_SPEC)
public final class ShelfSpecProcessor extends AbstractProcessor {
  static final String SHELF_SPEC = "dev.homeshelves.shelves.ShelfSpec";
  static final String SHELF_FUNCTION = "dev.homeshelves.shelves.ShelfFunction";
  static final String SERVICE_FILE = "META-INF/services/" + SHELF_FUNCTION;

  private final Set<String> providers = new TreeSet<>();

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement spec = processingEnv.getElementUtils().getTypeElement(SHELF_SPEC);
    if (spec != null) {
      for (Element element : round.getElementsAnnotatedWith(spec)) {
        if (isValidProvider(element)) {
          providers.add(
              processingEnv.getElementUtils().getBinaryName((TypeElement) element).toString());
        }
      }
    }
    if (round.processingOver() && !providers.isEmpty()) {
      writeServiceFile();
    }
    return true;
  }

  private boolean isValidProvider(Element element) {
    if (element.getKind() != ElementKind.CLASS) {
      return error(element, "@ShelfSpec belongs on a class implementing " + SHELF_FUNCTION);
    }
    TypeElement type = (TypeElement) element;
    Set<Modifier> mods = type.getModifiers();
    if (!mods.contains(Modifier.PUBLIC)) {
      return error(type, "shelf class must be public (ServiceLoader instantiates it)");
    }
    if (mods.contains(Modifier.ABSTRACT)) {
      return error(type, "shelf class must not be abstract");
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !mods.contains(Modifier.STATIC)) {
      return error(type, "a nested shelf class must be static");
    }
    TypeElement function = processingEnv.getElementUtils().getTypeElement(SHELF_FUNCTION);
    if (function == null
        || !processingEnv.getTypeUtils().isAssignable(
            processingEnv.getTypeUtils().erasure(type.asType()),
            processingEnv.getTypeUtils().erasure(function.asType()))) {
      return error(type, "class annotated with @ShelfSpec must implement " + SHELF_FUNCTION);
    }
    boolean publicNoArgs = false;
    for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC)) {
        publicNoArgs = true;
      }
    }
    if (!publicNoArgs) {
      return error(type, "shelf class needs a public no-argument constructor");
    }
    return true;
  }

  private boolean error(Element element, String message) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
    return false;
  }

  private void writeServiceFile() {
    try (Writer out =
        new java.io.OutputStreamWriter(
            processingEnv
                .getFiler()
                .createResource(StandardLocation.CLASS_OUTPUT, "", SERVICE_FILE)
                .openOutputStream(),
            StandardCharsets.UTF_8)) {
      for (String provider : providers) {
        out.write(provider);
        out.write('\n');
      }
    } catch (IOException e) {
      processingEnv
          .getMessager()
          .printMessage(Diagnostic.Kind.ERROR, "cannot write " + SERVICE_FILE + ": " + e);
    }
  }
}
