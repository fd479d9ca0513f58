#!/usr/bin/env bash
# Builds the base image of the Home Shelves container without a Docker engine or a registry:
# a Java runtime cut with jlink from the JDK that runs the build, the glibc libraries it links
# against (copied from the build host), /etc/passwd with the non-root user 65532 ("nonroot"),
# and a world-writable /tmp (Netty and gRPC unpack their native libraries there).
# The result is one layer in `docker save` layout, which Jib takes as `tar://<path>`.
#
# Usage: deploy/image/base-image.sh OUTPUT_DIR     (writes OUTPUT_DIR/base.tar)
# JAVA_HOME selects the JDK (default: the one `java` on the PATH belongs to); it needs jmods/.
#
# Why: the registries that serve ready-made Java base images (gcr.io, docker.io, ...) may be
# unreachable where the image is built; this needs only the JDK. Where a registry is reachable
# a maintained base can be used instead: -Dimage.base=<image> (see docs/operations.md).
set -euo pipefail

out="${1:?usage: $0 OUTPUT_DIR}"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
if [[ ! -d "$java_home/jmods" ]]; then
  echo "$0: $java_home has no jmods/ (a full JDK is needed to run jlink)" >&2
  exit 1
fi
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) echo "$0: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

rm -rf "$out"
root="$out/rootfs"
mkdir -p "$root"

# The modules the application and its libraries use (`jdeps --print-module-deps` over
# shelf-service's jar and target/lib), the ones only loaded as services (jdk.crypto.ec: TLS to
# Google APIs; jdk.naming.dns; jdk.zipfs), and jdk.jcmd + jdk.jfr + java.instrument so an
# operator can take a thread dump, heap summary or flight recording with
# `kubectl exec POD -- jcmd 1 ...` or attach a Java agent.
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming
modules+=,java.security.jgss,java.sql,jdk.crypto.ec,jdk.jcmd,jdk.jfr,jdk.management,jdk.naming.dns
modules+=,jdk.unsupported,jdk.zipfs
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$root/opt/java"

# The shared libraries the runtime needs that are not part of it (libc, libz, ...), leaving
# out those of the AWT display, font and sound libraries: the JVM runs headless. Each is
# copied once, to its real path; merged-/usr hosts reach /lib64/ld-linux... through the same
# top-level symlinks (lib -> usr/lib, ...), which are recreated first.
for dir in lib lib32 lib64 libx32 bin sbin; do
  if [[ -L "/$dir" ]]; then
    ln -s "$(readlink "/$dir")" "$root/$dir"
  fi
done
find "$root/opt/java" -type f \( -name '*.so' -o -perm -u+x \) \
    -not -name libawt_xawt.so -not -name libjawt.so -not -name libsplashscreen.so \
    -not -name libjsound.so -not -name libfontmanager.so -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' \
  | grep -v "^$root/" \
  | sort -u \
  | while read -r lib; do
      real="$(readlink -f "$lib")"
      mkdir -p "$root$(dirname "$real")"
      cp "$real" "$root$real"
      # A versioned library (libz.so.1 -> libz.so.1.2.13) is asked for by its short name.
      # (and the loader by the path compiled into every binary, /lib64/ld-linux...).
      link="$(readlink -f "$(dirname "$lib")")/$(basename "$lib")"
      if [[ "$link" != "$real" ]]; then
        mkdir -p "$root$(dirname "$link")"
        ln -sf "$real" "$root$link"
      fi
    done

mkdir -p "$root/etc" "$root/tmp" "$root/home/nonroot"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"

# One reproducible layer: sorted names, fixed times, root-owned except the user's home.
tar_opts=(--sort=name --mtime=@0 --numeric-owner --format=posix --pax-option=delete=atime,delete=ctime)
tar "${tar_opts[@]}" --owner=0 --group=0 --exclude=./home/nonroot -C "$root" -cf "$out/layer.tar" .
tar "${tar_opts[@]}" --owner=65532 --group=65532 -C "$root" -rf "$out/layer.tar" ./home/nonroot
diff_id="sha256:$(sha256sum "$out/layer.tar" | cut -d' ' -f1)"
java_version="$("$root/opt/java/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')"

cat > "$out/config.json" <<JSON
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
           "User":"65532:65532","WorkingDir":"/home/nonroot"},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/image/base-image.sh: jlink runtime $java_version and the host's glibc"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["home-shelves-base:local"],"Layers":["layer.tar"]}]\n' > "$out/manifest.json"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$out" -cf "$out/base.tar" manifest.json config.json layer.tar
rm -rf "$root" "$out/layer.tar"
echo "base image: $out/base.tar (Java $java_version, $arch, $(du -h "$out/base.tar" | cut -f1))"
