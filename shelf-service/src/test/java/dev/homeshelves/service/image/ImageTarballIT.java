package dev.homeshelves.service.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.homeshelves.service.testing.ApplicationYml;
import dev.homeshelves.service.testing.TarEntries;
import dev.homeshelves.service.testing.TarEntries.Entry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the OCI image tarball Jib wrote (profile {@code image}, run by failsafe after
 * {@code package}): its config (entrypoint, role argument, user, environment, ports) and its
 * layers (the application's config file and classes, the runtime, the non-root user).
 */
class ImageTarballIT {

  private static JsonObject manifestAnnotations;
  private static JsonObject config;
  private static Map<String, Entry> files;

  @BeforeAll
  static void readTarball() throws IOException {
    Path tar = Path.of(System.getProperty("image.tar", "target/jib-image.tar"));
    Map<String, Entry> blobs;
    try (InputStream in = Files.newInputStream(tar)) {
      blobs = TarEntries.read(in);
    }
    assertThat(blobs).containsKeys("oci-layout", "index.json");
    JsonObject index = JsonParser.parseString(blobs.get("index.json").text()).getAsJsonObject();
    JsonObject descriptor = index.getAsJsonArray("manifests").get(0).getAsJsonObject();
    manifestAnnotations = descriptor.getAsJsonObject("annotations");
    JsonObject manifest = JsonParser.parseString(blob(blobs, descriptor.get("digest").getAsString()).text()).getAsJsonObject();
    config = JsonParser.parseString(blob(blobs, manifest.getAsJsonObject("config").get("digest").getAsString()).text())
        .getAsJsonObject();
    // The file system the container sees: every layer, in order, later ones over earlier ones.
    files = new HashMap<>();
    for (var layer : manifest.getAsJsonArray("layers")) {
      byte[] gzipped = blob(blobs, layer.getAsJsonObject().get("digest").getAsString()).content();
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
        files.putAll(TarEntries.read(in));
      }
    }
  }

  @Test
  void entrypointRunsTheCliWithContainerAwareJvmFlagsAndServesByDefault() {
    List<String> entrypoint = strings(config.getAsJsonObject("config").getAsJsonArray("Entrypoint"));
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint).contains("-XX:MaxRAMPercentage=70", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError");
    assertThat(entrypoint).noneMatch(flag -> flag.startsWith("-Xmx") || flag.startsWith("-XX:ActiveProcessorCount"));
    assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo(System.getProperty("image.mainClass",
        "dev.homeshelves.service.cli.HomeShelvesCli"));
    assertThat(strings(config.getAsJsonObject("config").getAsJsonArray("Cmd"))).containsExactly("serve");
    // `java` must resolve in the image, and the class path file the entrypoint names must exist.
    assertThat(strings(config.getAsJsonObject("config").getAsJsonArray("Env"))).anyMatch(e -> e.startsWith("PATH=/opt/java/bin"));
    assertThat(files).containsKeys("opt/java/bin/java", "app/jib-classpath-file");
    assertThat(files.get("opt/java/bin/java").mode() & 0111).isNotZero();
  }

  @Test
  void runsAsTheNonRootUserOfTheImage() {
    String user = config.getAsJsonObject("config").get("User").getAsString();
    assertThat(user).isEqualTo("65532:65532");
    assertThat(files.get("etc/passwd").text()).contains("nonroot:x:65532:65532:");
    assertThat(files.get("home/nonroot").uid()).isEqualTo(65532);
    // Netty and gRPC unpack native libraries into java.io.tmpdir.
    assertThat(files.get("tmp").mode() & 01777).isEqualTo(01777);
  }

  @Test
  void listensOnAllInterfacesOnTheApplicationsPorts() {
    var yml = ApplicationYml.load();
    assertThat(strings(config.getAsJsonObject("config").getAsJsonArray("Env"))).contains("BIND_HOST=0.0.0.0");
    assertThat(config.getAsJsonObject("config").getAsJsonObject("ExposedPorts").keySet())
        .containsExactlyInAnyOrder(yml.defaultOf("grpc.server.port").orElseThrow() + "/tcp",
            yml.defaultOf("micronaut.server.port").orElseThrow() + "/tcp");
  }

  @Test
  void theConfigLayerHoldsTheApplicationsConfigAndTheClassesLayerItsMain() throws IOException {
    try (InputStream in = ImageTarballIT.class.getResourceAsStream("/application.yml")) {
      assertThat(files.get("app/resources/application.yml").text())
          .isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(files).containsKeys("app/resources/logback.xml",
        "app/classes/dev/homeshelves/service/cli/HomeShelvesCli.class");
    assertThat(files.get("app/jib-classpath-file").text()).contains("/app/classes", "/app/libs/");
  }

  @Test
  void isNamedAsTheManifestsExpect() {
    assertThat(manifestAnnotations.get("org.opencontainers.image.ref.name").getAsString())
        .startsWith(System.getProperty("image.name", "home-shelves") + ":");
  }

  private static Entry blob(Map<String, Entry> blobs, String digest) {
    Entry entry = blobs.get("blobs/sha256/" + digest.substring("sha256:".length()));
    assertThat(entry).as("blob %s", digest).isNotNull();
    return entry;
  }

  private static List<String> strings(com.google.gson.JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.getAsString()));
    return out;
  }
}
