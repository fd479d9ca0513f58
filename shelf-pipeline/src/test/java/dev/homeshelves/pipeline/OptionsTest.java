package dev.homeshelves.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.regex.Pattern;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator;
import org.junit.jupiter.api.Test;

/** The runner flags and the defaults the pipelines share with the service. */
class OptionsTest {

  @Test
  void directRunnerIsTheDefault() {
    var options = PipelineOptionsFactory.fromArgs("--catalog=catalog.tsv").withValidation()
        .as(BackfillPipeline.Options.class);
    assertThat(options.getRunner()).isEqualTo(DirectRunner.class);
  }

  @Test
  void theBackfillIsBuiltAndItsOptionsValidatedForDataflowWithoutGcp() {
    var options = PipelineOptionsFactory.fromArgs(
            "--runner=DataflowRunner", "--project=my-project", "--region=europe-west1",
            "--tempLocation=gs://my-bucket/tmp", "--gcpTempLocation=gs://my-bucket/tmp",
            "--stagingLocation=gs://my-bucket/staging", "--pathValidatorClass=" + NoopPathValidator.class.getName(),
            // No GCP here: no bucket check and no Application Default Credentials.
            "--credentialFactoryClass=" + NoopCredentialFactory.class.getName(),
            "--bigtableProject=my-project", "--bigtableInstance=home-shelves", "--bigtableEmulator=",
            "--catalog=gs://my-bucket/model/catalog.tsv", "--vectors=gs://my-bucket/model/vectors.bin",
            "--users=gs://my-bucket/users.txt")
        .withValidation().as(BackfillPipeline.Options.class);
    var dataflow = options.as(DataflowPipelineOptions.class);
    assertThat(dataflow.getRunner()).isEqualTo(DataflowRunner.class);
    assertThat(dataflow.getProject()).isEqualTo("my-project");
    assertThat(dataflow.getRegion()).isEqualTo("europe-west1");
    assertThat(dataflow.getTempLocation()).isEqualTo("gs://my-bucket/tmp");

    var pipeline = BackfillPipeline.create(options, Instant.parse("2026-12-07T12:00:00Z"));
    // The runner accepts the options (this is where Dataflow checks project, region and locations).
    assertThat(DataflowRunner.fromOptions(pipeline.getOptions())).isInstanceOf(DataflowRunner.class);
  }

  @Test
  void theStreamingJobIsBuiltForDataflowWithItsPubSubResources() {
    var options = PipelineOptionsFactory.fromArgs(
            "--runner=DataflowRunner", "--project=my-project", "--region=europe-west1",
            "--gcpTempLocation=gs://my-bucket/tmp", "--pathValidatorClass=" + NoopPathValidator.class.getName(),
            "--credentialFactoryClass=" + NoopCredentialFactory.class.getName(),
            "--subscription=projects/my-project/subscriptions/shelf-pipeline",
            "--deadLetterTopic=projects/my-project/topics/user-signals-dead-letter",
            "--bigtableProject=my-project", "--bigtableInstance=home-shelves", "--bigtableEmulator=",
            "--catalog=gs://my-bucket/model/catalog.tsv")
        .withValidation().as(StreamPipeline.Options.class);
    var pipeline = StreamPipeline.create(options);
    assertThat(options.isStreaming()).isTrue();
    assertThat(DataflowRunner.fromOptions(pipeline.getOptions())).isInstanceOf(DataflowRunner.class);
  }

  @Test
  void dataflowWithoutARegionIsRejectedBeforeAnythingRuns() {
    var options = PipelineOptionsFactory.fromArgs(
            "--runner=DataflowRunner", "--project=my-project", "--gcpTempLocation=gs://my-bucket/tmp",
            "--pathValidatorClass=" + NoopPathValidator.class.getName(),
            "--credentialFactoryClass=" + NoopCredentialFactory.class.getName(), "--catalog=gs://b/catalog.tsv")
        .withValidation().as(BackfillPipeline.Options.class).as(DataflowPipelineOptions.class);
    options.setRegion("");
    assertThatThrownBy(() -> DataflowRunner.fromOptions(options)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("region");
  }

  @Test
  void theCatalogIsRequired() {
    assertThatThrownBy(() -> PipelineOptionsFactory.fromArgs().withValidation().as(BackfillPipeline.Options.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--catalog");
  }

  @Test
  void defaultsAreTheServicesApplicationYmlDefaults() throws Exception {
    var yml = Files.readString(Launchers.ROOT.resolve("shelf-service/src/main/resources/application.yml"),
        StandardCharsets.UTF_8);
    var options = PipelineOptionsFactory.fromArgs("--catalog=c").as(BackfillPipeline.Options.class);
    assertThat(String.valueOf(options.getPlayHistory())).isEqualTo(setting(yml, "play-history"));
    assertThat(options.getFunctionBudget()).isEqualTo(setting(yml, "function-budget"));
    assertThat(options.getTrendingWindow()).isEqualTo(setting(yml, "trending-window"));
    assertThat(options.getTrendingBucket()).isEqualTo(setting(yml, "trending-bucket"));
    var stream = PipelineOptionsFactory.fromArgs("--catalog=c").as(StreamPipeline.Options.class);
    assertThat(stream.getDebounce()).isEqualTo(setting(yml, "debounce"));
    assertThat(stream.getMinPlay()).isEqualTo(setting(yml, "min-play"));
    assertThat(stream.getMaxClockSkew()).isEqualTo(setting(yml, "max-clock-skew"));
  }

  private static String setting(String yml, String name) {
    var m = Pattern.compile("(?m)^\\s+" + Pattern.quote(name) + ":\\s*(\\S+)").matcher(yml);
    assertThat(m.find()).as("application.yml sets %s", name).isTrue();
    return m.group(1);
  }
}
