package dev.homeshelves.shelves;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The registry of shelves: every {@link ShelfFunction} on the class path with its spec and
 * parameters, validated once at start. Sorted by id.
 */
public final class ShelfFunctions {
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final int MAX_ID_LENGTH = 64;

  private final Map<String, RegisteredShelf> byId;

  private ShelfFunctions(Map<String, RegisteredShelf> byId) {
    this.byId = Collections.unmodifiableMap(byId);
  }

  /** Every shelf listed in {@code META-INF/services} on the class path of this module. */
  public static ShelfFunctions discover() {
    return discover(ShelfFunction.class.getClassLoader());
  }

  /** Every shelf listed in {@code META-INF/services} visible to {@code loader}. */
  public static ShelfFunctions discover(ClassLoader loader) {
    List<ShelfFunction> found = new ArrayList<>();
    try {
      ServiceLoader.load(ShelfFunction.class, loader).forEach(found::add);
    } catch (ServiceConfigurationError e) {
      throw new ShelfDiscoveryException("cannot load a shelf function: " + e.getMessage(), e);
    }
    return of(found);
  }

  /**
   * The given functions, validated: each class has a {@link ShelfSpec} with a well-formed
   * unique id and title, and its {@code static Param} fields have unique names.
   */
  public static ShelfFunctions of(Collection<? extends ShelfFunction> functions) {
    List<Declared> declared = new ArrayList<>();
    for (ShelfFunction f : functions) {
      ShelfSpec spec = f.getClass().getAnnotation(ShelfSpec.class);
      if (spec == null) {
        throw new ShelfDiscoveryException(
            f.getClass().getName() + " implements ShelfFunction but has no @ShelfSpec");
      }
      declared.add(new Declared(f, spec.id(), spec.title(), spec.description()));
    }
    return ofDeclared(declared);
  }

  /** A function with the values of its spec (the annotation, or given directly in tests). */
  record Declared(ShelfFunction function, String id, String title, String description) {}

  static ShelfFunctions ofDeclared(List<Declared> declared) {
    Map<String, RegisteredShelf> byId = new TreeMap<>();
    for (Declared d : declared) {
      ShelfFunction f = d.function();
      RegisteredShelf shelf = register(d);
      RegisteredShelf previous = byId.putIfAbsent(shelf.id(), shelf);
      if (previous != null) {
        throw new ShelfDiscoveryException("duplicate shelf id '" + shelf.id() + "': "
            + previous.function().getClass().getName() + " and " + f.getClass().getName());
      }
    }
    return new ShelfFunctions(byId);
  }

  /** All shelves, by id. */
  public List<RegisteredShelf> all() {
    return List.copyOf(byId.values());
  }

  public Set<String> ids() {
    return byId.keySet();
  }

  public Optional<RegisteredShelf> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  private static RegisteredShelf register(Declared spec) {
    Class<?> type = spec.function().getClass();
    if (spec.id().length() > MAX_ID_LENGTH || !ID.matcher(spec.id()).matches()) {
      throw new ShelfDiscoveryException(type.getName() + ": shelf id '" + spec.id()
          + "' must be lower-case words joined by '-' (e.g. because-you-listened), at most "
          + MAX_ID_LENGTH + " characters");
    }
    TitleTemplate title;
    try {
      title = new TitleTemplate(spec.title());
    } catch (IllegalArgumentException e) {
      throw new ShelfDiscoveryException(type.getName() + " (" + spec.id() + "): " + e.getMessage());
    }
    return new RegisteredShelf(
        spec.id(), title, spec.description(), declaredParams(type, spec.id()), spec.function());
  }

  private static List<Param<?>> declaredParams(Class<?> type, String id) {
    List<Param<?>> params = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != Param.class) {
        continue;
      }
      Param<?> p;
      try {
        field.setAccessible(true);
        p = (Param<?>) field.get(null);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new ShelfDiscoveryException("shelf '" + id + "': cannot read param field " + field.getName(), e);
      }
      if (p == null) {
        throw new ShelfDiscoveryException("shelf '" + id + "': param field " + field.getName() + " is null");
      }
      if (!names.add(p.name())) {
        throw new ShelfDiscoveryException("shelf '" + id + "' declares param '" + p.name() + "' twice");
      }
      params.add(p);
    }
    return params;
  }
}
