package dev.homeshelves.loadtest.signals;

import picocli.CommandLine.Option;

/** The GCP project and Bigtable instance the emulators serve, as the service is configured. */
public final class ProjectOptions {

  @Option(names = "--project", defaultValue = "${env:GOOGLE_CLOUD_PROJECT:-home-shelves-local}",
      description = "GCP project on the emulators (default: $GOOGLE_CLOUD_PROJECT or"
          + " home-shelves-local).")
  public String project;

  @Option(names = "--instance", defaultValue = "${env:BIGTABLE_INSTANCE:-home-shelves}",
      description = "Bigtable instance (default: $BIGTABLE_INSTANCE or home-shelves).")
  public String instance;
}
