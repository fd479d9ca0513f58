package dev.homeshelves.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * What every Home Shelves pipeline needs: where Bigtable is, the model, and the worker settings
 * that change what a recompute produces. The defaults equal application.yml's (a test checks),
 * and the Bigtable ones honour the same env vars as the service.
 */
public interface HomeShelvesOptions extends PipelineOptions {

  @Description("GCP project of the Bigtable instance (default: env GOOGLE_CLOUD_PROJECT, else home-shelves-local).")
  @Default.InstanceFactory(Env.Project.class)
  String getBigtableProject();

  void setBigtableProject(String value);

  @Description("Bigtable instance id (default: env BIGTABLE_INSTANCE, else home-shelves).")
  @Default.InstanceFactory(Env.Instance.class)
  String getBigtableInstance();

  void setBigtableInstance(String value);

  @Description("host:port of a Bigtable emulator (default: env BIGTABLE_EMULATOR_HOST; empty for the real service).")
  @Default.InstanceFactory(Env.Emulator.class)
  String getBigtableEmulator();

  void setBigtableEmulator(String value);

  @Description("Catalog in the songs.tsv layout (id<TAB>title<TAB>artist): a local path or gs://; required.")
  @Validation.Required
  String getCatalog();

  void setCatalog(String value);

  @Description("word2vec vectors with their sidecars (every file starting with this name is staged): a local path or"
      + " gs://. Without, the similarity shelves stay empty, as in the worker.")
  @Default.String("")
  String getVectors();

  void setVectors(String value);

  @Description("Plays per user a recompute reads, newest first (home-shelves.worker.play-history).")
  @Default.Integer(500)
  int getPlayHistory();

  void setPlayHistory(int value);

  @Description("Time each shelf function may take per user (home-shelves.worker.function-budget), e.g. 250ms, 2s.")
  @Default.String("250ms")
  String getFunctionBudget();

  void setFunctionBudget(String value);

  @Description("Trending counts are summed over this window (home-shelves.worker.trending-window).")
  @Default.String("1h")
  String getTrendingWindow();

  void setTrendingWindow(String value);

  @Description("Trending counts are kept per bucket of this size (home-shelves.worker.trending-bucket).")
  @Default.String("1m")
  String getTrendingBucket();

  void setTrendingBucket(String value);

  /** Env var defaults, as the service reads them. */
  final class Env {
    private Env() {}

    static String get(String name, String otherwise) {
      var value = System.getenv(name);
      return value == null || value.isBlank() ? otherwise : value;
    }

    public static final class Project implements DefaultValueFactory<String> {
      @Override
      public String create(PipelineOptions options) {
        return get("GOOGLE_CLOUD_PROJECT", "home-shelves-local");
      }
    }

    public static final class Instance implements DefaultValueFactory<String> {
      @Override
      public String create(PipelineOptions options) {
        return get("BIGTABLE_INSTANCE", "home-shelves");
      }
    }

    public static final class Emulator implements DefaultValueFactory<String> {
      @Override
      public String create(PipelineOptions options) {
        return get("BIGTABLE_EMULATOR_HOST", "");
      }
    }
  }
}
