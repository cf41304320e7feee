#!/usr/bin/env bash
# build-base-image.sh: make a minimal Debian root filesystem with debootstrap and
# `docker import` it as a local image (default remolt-os:bookworm), for machines where no
# registry (Docker Hub) can be reached, so `FROM ubuntu:24.04` cannot be pulled.
# The result is used as the base of container/Dockerfile.base:
#
#   scripts/build-base-image.sh
#   docker build --build-arg BASE_IMAGE=remolt-os:bookworm -t remolt-base \
#       -f container/Dockerfile.base container/
#
# Usage: scripts/build-base-image.sh [IMAGE]        (needs root, docker and debootstrap)
#
# Idempotent and cached:
#   - if IMAGE already exists in the Docker engine, it exits 0 at once;
#   - otherwise, if a rootfs tarball is in the cache, it imports that (seconds);
#   - otherwise it runs debootstrap (about 2 minutes), stores the tarball in the cache, imports it.
#   Set REMOLT_REBUILD=1 to ignore both the image and the cached tarball.
#
# Environment (all optional):
#   REMOLT_OS_IMAGE        image name:tag to create (the first argument wins)   remolt-os:bookworm
#   REMOLT_CACHE_DIR       where the rootfs tarball is kept                     /var/cache/remolt
#   DEBIAN_SUITE           Debian release                                       bookworm
#   DEBIAN_ARCH            architecture                                         dpkg --print-architecture
#   DEBIAN_MIRROR          Debian mirror used by debootstrap and written to the image's
#                          apt sources                                          http://deb.debian.org/debian
#   DEBIAN_SECURITY_MIRROR security mirror for the image's apt sources; empty = none
#                                                       http://deb.debian.org/debian-security
#                          (only when DEBIAN_MIRROR is the default; set it yourself otherwise)
#
# Air-gapped installs: point DEBIAN_MIRROR at a local mirror (apt-cacher-ng, aptly, a
# `debmirror` copy served over http, or file:///srv/mirror/debian) and set
# DEBIAN_SECURITY_MIRROR to a local copy or to "" to leave it out. Alternatively copy the cached
# tarball ($REMOLT_CACHE_DIR/<suite>-minbase-<arch>.tar.zst or .tar.gz) from a machine that
# has built it: this script then imports it without any network.
set -euo pipefail

log() { printf '[build-base-image] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

IMAGE="${1:-${REMOLT_OS_IMAGE:-remolt-os:bookworm}}"
SUITE="${DEBIAN_SUITE:-bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
if [[ -z "${DEBIAN_MIRROR:-}" ]]; then
    SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR-http://deb.debian.org/debian-security}"
else
    SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR-}"
fi
CACHE_DIR="${REMOLT_CACHE_DIR:-/var/cache/remolt}"
REBUILD="${REMOLT_REBUILD:-0}"

command -v docker >/dev/null || die "docker is not installed"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (is dockerd running?)"

if [[ "$REBUILD" != 1 ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
    log "image $IMAGE already exists; nothing to do"
    exit 0
fi

ARCH="${DEBIAN_ARCH:-$(dpkg --print-architecture 2>/dev/null || echo amd64)}"
mkdir -p "$CACHE_DIR"

# One build at a time per cache dir (the server, CI and a developer may all call this).
exec 9>"$CACHE_DIR/.build-base-image.lock"
if ! flock -n 9; then
    log "another build holds $CACHE_DIR/.build-base-image.lock; waiting for it"
    flock 9
    if [[ "$REBUILD" != 1 ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
        log "image $IMAGE was built meanwhile; nothing to do"
        exit 0
    fi
fi

if command -v zstd >/dev/null; then EXT=tar.zst; COMPRESS=(zstd -q -T0 -3); DECOMPRESS=(zstd -q -dc)
else EXT=tar.gz; COMPRESS=(gzip -1); DECOMPRESS=(gzip -dc); fi
TARBALL="$CACHE_DIR/$SUITE-minbase-$ARCH.$EXT"
# A tarball made on another machine may use the other compression.
if [[ ! -s "$TARBALL" && "$REBUILD" != 1 ]]; then
    for t in "$CACHE_DIR/$SUITE-minbase-$ARCH.tar.zst" "$CACHE_DIR/$SUITE-minbase-$ARCH.tar.gz"; do
        if [[ -s "$t" ]]; then
            TARBALL="$t"
            case "$t" in *.zst) DECOMPRESS=(zstd -q -dc) ;; *) DECOMPRESS=(gzip -dc) ;; esac
            break
        fi
    done
fi

import_tarball() {
    log "importing $TARBALL as $IMAGE"
    "${DECOMPRESS[@]}" "$TARBALL" | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["/bin/bash"]' \
        --message "debootstrap --variant=minbase $SUITE $MIRROR" \
        - "$IMAGE" >/dev/null
    log "done: $(docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}' "$IMAGE")"
}

if [[ "$REBUILD" != 1 && -s "$TARBALL" ]]; then
    log "using cached root filesystem $TARBALL (no debootstrap needed)"
    import_tarball
    exit 0
fi

[[ $(id -u) == 0 ]] || die "debootstrap needs root (run with sudo), or provide $TARBALL"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"

WORK="$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")"
ROOT="$WORK/rootfs"
unmount_all() {
    # debootstrap mounts proc/sys inside the target; never delete or pack through a mount.
    local m
    awk -v r="$ROOT" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
        umount -l "$m" 2>/dev/null || true
    done
}
cleanup() {
    unmount_all
    rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

START=$(date +%s)
log "debootstrap --variant=minbase $SUITE ($ARCH) from $MIRROR into $ROOT (about 2 minutes)"
debootstrap --variant=minbase --arch="$ARCH" --include=ca-certificates \
    "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || {
    tail -n 30 "$WORK/debootstrap.log" >&2
    die "debootstrap failed (full log above; check DEBIAN_MIRROR=$MIRROR)"
}

log "trimming the root filesystem for use as a container image"
# apt sources: the mirror used, plus updates and security.
{
    echo "deb $MIRROR $SUITE main"
    echo "deb $MIRROR $SUITE-updates main"
    if [[ -n "$SECURITY_MIRROR" ]]; then echo "deb $SECURITY_MIRROR $SUITE-security main"; fi
} >"$ROOT/etc/apt/sources.list"
# Same container tweaks as the official debian images: no caches kept, no apt lists kept.
cat >"$ROOT/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
echo 'Acquire::Languages "none";' >"$ROOT/etc/apt/apt.conf.d/docker-no-languages"
# Docker bind-mounts these at run time; do not ship the build host's.
: >"$ROOT/etc/resolv.conf"
echo localhost >"$ROOT/etc/hostname"
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/cache/apt/*.bin \
    "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/log/*.log "$ROOT"/var/log/apt/* \
    "$ROOT"/tmp/* "$ROOT"/var/tmp/* "$ROOT"/debootstrap
mkdir -p "$ROOT/var/lib/apt/lists/partial"
# Make sure nothing is still mounted before packing.
unmount_all

log "packing the root filesystem into $TARBALL"
tar --numeric-owner --xattrs --one-file-system -C "$ROOT" -c . | "${COMPRESS[@]}" >"$TARBALL.part"
mv -f "$TARBALL.part" "$TARBALL"
log "root filesystem built in $(( $(date +%s) - START ))s ($(du -h "$TARBALL" | cut -f1) compressed)"

import_tarball
