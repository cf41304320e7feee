#!/usr/bin/env bash
# build-server-image.sh: build the server image (default remolt-server:latest) with no registry:
# the JDK comes from this machine (JAVA_HOME, a JDK 25) and the base from the local offline
# image remolt-os:bookworm (scripts/build-base-image.sh makes it).
#
#   scripts/build-server-image.sh [IMAGE]
#
# Steps:
#   1. the jar, unless it is newer than every source: ./mvnw -B -q -DskipTests package;
#   2. remolt-jdk:25, the host's JDK copied onto the base (cached: rebuilt only when the JDK changes);
#   3. docker build of ./Dockerfile with JDK_IMAGE=remolt-jdk:25 and BASE_IMAGE=the base.
#
# Environment (all optional):
#   REMOLT_SERVER_BASE_IMAGE   runtime base image                     remolt-os:bookworm
#   JAVA_HOME                  the JDK 25 to copy in and build with   /usr/lib/jvm/temurin-25-jdk-amd64
#
# With a registry at hand, plain `docker build -t remolt-server .` uses public images instead.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[build-server-image] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

IMAGE="${1:-remolt-server:latest}"
BASE="${REMOLT_SERVER_BASE_IMAGE:-remolt-os:bookworm}"
JDK="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JDK_IMAGE=remolt-jdk:25
jar=server/target/remolt-server.jar

command -v docker >/dev/null || die "docker is not installed"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (is dockerd running?)"
[ -x "$JDK/bin/jlink" ] || die "no JDK at $JDK (set JAVA_HOME to a JDK 25)"
grep -q 'JAVA_VERSION="25' "$JDK/release" || die "$JDK is not a JDK 25"
docker image inspect "$BASE" >/dev/null 2>&1 || die "base image $BASE is missing: run scripts/build-base-image.sh"

if [ ! -f "$jar" ] || [ -n "$(find pom.xml server/pom.xml server/src/main app/src app/index.html app/package.json -newer "$jar" -print -quit 2>/dev/null)" ]; then
    log "building the jar"
    JAVA_HOME="$JDK" ./mvnw -B -q -DskipTests package
fi

# The JDK image is keyed by the JDK's release file and the base's id, so a new JDK or base rebuilds it.
key="$(cat "$JDK/release" | sha256sum | cut -c1-16)-$(docker image inspect -f '{{.Id}}' "$BASE" | cut -c8-23)"
if [ "$(docker image inspect -f '{{index .Config.Labels "remolt.jdk.key"}}' "$JDK_IMAGE" 2>/dev/null)" != "$key" ]; then
    log "making $JDK_IMAGE from $JDK on $BASE"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    printf 'FROM %s\nCOPY jdk /opt/java/openjdk\nENV JAVA_HOME=/opt/java/openjdk\n' "$BASE" > "$tmp/Dockerfile"
    # A tar context with -h: Debian's JDK packages link lib/security/cacerts to /etc/ssl/certs/java,
    # outside the JDK folder, so the host's Java trust store is copied in as a file.
    tar -ch -C "$tmp" Dockerfile -C "$JDK" --transform 's,^\.,jdk,' . \
        | docker build -q --force-rm -t "$JDK_IMAGE" --label "remolt.jdk.key=$key" - >/dev/null
fi

log "building $IMAGE"
docker build -q --force-rm -t "$IMAGE" --build-arg JDK_IMAGE="$JDK_IMAGE" --build-arg BASE_IMAGE="$BASE" . >/dev/null
log "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1000000}'))"
