package dev.homeshelves.loadtest.load;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one JSON writer of the load-test commands' {@code --json} output. */
public final class Json {
  private static final Gson GSON = new GsonBuilder()
      .setPrettyPrinting()
      .serializeSpecialFloatingPointValues()
      .disableHtmlEscaping()
      .create();

  private Json() {}

  public static String write(Object value) {
    return GSON.toJson(value);
  }
}
