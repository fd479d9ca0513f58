# Sourced by the bin/ launchers: runs a main class from a module's built jar.
# Usage (from a launcher): launch MODULE MAIN_CLASS "$@"
# The jar lists its dependencies (MODULE/target/lib/) in its manifest, so no shading is needed.
# JAVA_OPTS is passed to the JVM, e.g. JAVA_OPTS="-Xmx2g".

HOME_SHELVES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The local demo's endpoints and admin token: bin/run-local writes them to this file while it
# runs (and removes it when it stops). Every variable the environment does not set is taken from
# it, so explicit env vars (and flags) win. HOME_SHELVES_LOCAL_ENV names another file.
export HOME_SHELVES_LOCAL_ENV="${HOME_SHELVES_LOCAL_ENV:-$HOME_SHELVES_ROOT/var/local.env}"
# Where `home-shelves seed` and `worker` find (or generate) the demo dataset without data flags,
# the same directory bin/run-local uses.
export HOME_SHELVES_DEMO_DATA="${HOME_SHELVES_DEMO_DATA:-$HOME_SHELVES_ROOT/var/demo}"

read_local_env() {
  local file="$HOME_SHELVES_LOCAL_ENV" key value pid
  [[ -f "$file" ]] || return 0
  pid="$(sed -n 's/^HOME_SHELVES_LOCAL_PID=//p' "$file")"
  if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
    echo "$(basename "$0"): ignoring $file: the bin/run-local that wrote it (PID $pid) is not running" >&2
    return 0
  fi
  while IFS='=' read -r key value; do
    [[ "$key" =~ ^[A-Z][A-Z0-9_]*$ ]] || continue
    [[ -n "${!key:-}" ]] || export "$key=$value"
  done <"$file"
}

launch() {
  local module="$1" main_class="$2"
  shift 2
  local jar="$HOME_SHELVES_ROOT/$module/target/$module-0.1.0-SNAPSHOT.jar"
  if [[ ! -f "$jar" || ! -d "$HOME_SHELVES_ROOT/$module/target/lib" ]]; then
    echo "$(basename "$0"): $module is not built yet ($jar is missing)." >&2
    echo "Build it with:  (cd $HOME_SHELVES_ROOT && ./mvnw -q -DskipTests package)" >&2
    exit 1
  fi
  read_local_env
  # shellcheck disable=SC2086
  exec java ${JAVA_OPTS:-} -cp "$jar" "$main_class" "$@"
}
