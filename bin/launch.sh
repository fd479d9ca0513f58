# Sourced by the bin/ launchers: runs a main class from a module's built jar.
# Usage (from a launcher): launch MODULE MAIN_CLASS "$@"
# The jar lists its dependencies (MODULE/target/lib/) in its manifest, so no shading is needed.
# JAVA_OPTS is passed to the JVM, e.g. JAVA_OPTS="-Xmx2g".

HOME_SHELVES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

launch() {
  local module="$1" main_class="$2"
  shift 2
  local jar="$HOME_SHELVES_ROOT/$module/target/$module-0.1.0-SNAPSHOT.jar"
  if [[ ! -f "$jar" || ! -d "$HOME_SHELVES_ROOT/$module/target/lib" ]]; then
    echo "$(basename "$0"): $module is not built yet ($jar is missing)." >&2
    echo "Build it with:  (cd $HOME_SHELVES_ROOT && ./mvnw -q -DskipTests package)" >&2
    exit 1
  fi
  # shellcheck disable=SC2086
  exec java ${JAVA_OPTS:-} -cp "$jar" "$main_class" "$@"
}
