package dev.homeshelves.service.experiments;

import dev.homeshelves.api.v1.ParamInfo;
import dev.homeshelves.api.v1.ShelfFunctionInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The shelf functions experiments may refer to, with their typed parameters: what validation
 * checks function ids, parameter names and values against, and what ListFunctions shows.
 *
 * @param functions function id to its description
 */
public record FunctionCatalog(Map<String, FunctionEntry> functions) {

  /** Sorts by id so listings are stable. */
  public FunctionCatalog {
    functions = new TreeMap<>(functions);
  }

  /** Builds a catalog from a list of entries. */
  public static FunctionCatalog of(List<FunctionEntry> entries) {
    Map<String, FunctionEntry> byId = new TreeMap<>();
    entries.forEach(entry -> byId.put(entry.id(), entry));
    return new FunctionCatalog(byId);
  }

  /** The function with this id, if the server knows it. */
  public Optional<FunctionEntry> function(String id) {
    return Optional.ofNullable(functions.get(id));
  }

  /** One shelf function: id, title template and parameters. */
  public record FunctionEntry(String id, String title, List<ParamEntry> params) {

    /** Copies the parameter list. */
    public FunctionEntry {
      params = List.copyOf(params);
    }

    /** The parameter with this name, if the function declares it. */
    public Optional<ParamEntry> param(String name) {
      return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The wire form for ListFunctions. */
    public ShelfFunctionInfo toProto(boolean killed) {
      ShelfFunctionInfo.Builder info = ShelfFunctionInfo.newBuilder().setId(id).setTitle(title).setKilled(killed);
      params.forEach(param -> info.addParams(param.toProto()));
      return info.build();
    }
  }

  /**
   * One typed parameter.
   *
   * @param parse turns a value written as text into the parameter's type, throwing
   *     IllegalArgumentException (with a message saying what is expected) when it cannot
   */
  public record ParamEntry(
      String name, String type, String defaultValue, String description, Function<String, ?> parse) {

    /** The wire form for ListFunctions. */
    public ParamInfo toProto() {
      return ParamInfo.newBuilder()
          .setName(name)
          .setType(type)
          .setDefaultValue(defaultValue)
          .setDescription(description)
          .build();
    }
  }
}
