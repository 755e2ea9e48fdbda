#!/usr/bin/env bash
# Build the hapair container images with no image registry: the base comes from Debian's archive.
#
#   DOCKER_HOST=unix://... deploy/docker/images.sh
#
# 1. local/hapair-base:bookworm - `debootstrap --variant=minbase` of bookworm with the JRE, nginx and
#    the few tools the daemons and the demo use, imported with `docker import`. The root file system is
#    cached as a tarball under /var/cache/hapair-test/rootfs, keyed by suite + package list, and the
#    image carries the key as a label: a rerun with an unchanged list neither debootstraps nor imports.
# 2. hapair/proxy, hapair/vrrp - deploy/docker/Dockerfile on that base with the project's .deb
#    (deploy/target/hapair_*_all.deb); Docker's build cache keys on the .deb's content.
# 3. hapair/nginx-guide - the guide's nginx backend (answers its SERVER_NAME) on the same base.
# Prints one timing line per step. Needs root (debootstrap) on a cold cache.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache=${HAPAIR_DOCKER_CACHE:-/var/cache/hapair-test}
suite=bookworm
mirror=${HAPAIR_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# adduser: the .deb's postinst; iproute2: hapair-vrrp and the demo; procps/curl: checks and the demo.
packages=openjdk-17-jre-headless,adduser,iproute2,procps,curl,nginx-light,ca-certificates
base=local/hapair-base:$suite

key=$(printf '%s\n' "images.sh v1" "$suite" "$packages" | sha256sum | cut -c1-16)
now() { date +%s.%N; }
# Run a command, showing its output only when it fails.
quiet() { local out; if ! out=$("$@" 2>&1); then echo "$out" >&2; return 1; fi; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

docker version >/dev/null || { echo "images.sh: no Docker engine at ${DOCKER_HOST:-the default socket}" >&2; exit 1; }

# --- 1. base -------------------------------------------------------------------------------------
t=$(now)
have=$(docker image inspect --format '{{ index .Config.Labels "dev.hapair.key" }}' "$base" 2>/dev/null || true)
if [ "$have" = "$key" ]; then
  echo "images.sh: $base cached (key $key) in $(took "$t") s"
else
  tarball="$cache/rootfs/$suite-$key.tar"
  if [ ! -s "$tarball" ]; then
    [ "$(id -u)" = 0 ] || { echo "images.sh: debootstrap needs root" >&2; exit 1; }
    command -v debootstrap >/dev/null || { echo "images.sh: debootstrap not installed" >&2; exit 1; }
    mkdir -p "$cache/rootfs" "$cache/debs"
    rootfs=$(mktemp -d "$cache/rootfs/build.XXXXXX")
    trap 'rm -rf "$rootfs"' EXIT
    echo "images.sh: debootstrap $suite with $packages (cold; cached afterwards)"
    debootstrap --variant=minbase --include="$packages" --cache-dir="$cache/debs" \
      "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
      || { tail -n 20 "$rootfs.log" >&2; rm -f "$rootfs.log"; exit 1; }
    rm -f "$rootfs.log"
    # Smaller image, and no daemons started by the packages' maintainer scripts at build time.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
      "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
    tar --numeric-owner -C "$rootfs" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
    trap - EXIT
    echo "images.sh: root file system built in $(took "$t") s ($(du -h "$tarball" | cut -f1))"
  fi
  t2=$(now)
  docker import --change "LABEL dev.hapair.key=$key" --change 'CMD ["/bin/bash"]' "$tarball" "$base" >/dev/null
  echo "images.sh: $base imported in $(took "$t2") s"
fi

# --- 2./3. images from the .deb and the nginx backend ----------------------------------------------
deb=$(find "$repo/deploy/target" -maxdepth 1 -name 'hapair_*_all.deb' 2>/dev/null | head -n1)
[ -n "$deb" ] || { echo "images.sh: no deploy/target/hapair_*_all.deb; run 'mvn -B -q package -DskipTests' first" >&2; exit 1; }
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$deb" "$ctx/"
cp "$repo/deploy/docker/Dockerfile" "$repo/deploy/docker/Dockerfile.nginx" "$repo/deploy/docker/nginx-entrypoint" "$ctx/"
for target in proxy vrrp; do
  t=$(now)
  quiet docker build --build-arg "BASE=$base" --target "$target" -t "hapair/$target" -f "$ctx/Dockerfile" "$ctx"
  echo "images.sh: hapair/$target built in $(took "$t") s"
done
t=$(now)
quiet docker build --build-arg "BASE=$base" -t hapair/nginx-guide -f "$ctx/Dockerfile.nginx" "$ctx"
echo "images.sh: hapair/nginx-guide built in $(took "$t") s"
# Images a new .deb replaced would pile up in the cached data root.
quiet docker image prune -f
