# The server image: a jlink'd Java 25 runtime, the server jar (front end embedded), agents/ and
# container/, running as a non-root user with its state on the /data volume.
#
# The jar is built first, outside this file (./mvnw -B -DskipTests package, or
# scripts/build-server-image.sh, which does both). Why not build it in a stage here: the build needs
# Maven Central and the npm registry from inside the build, which on our build machines means a
# TLS-inspecting proxy whose CA the JDK's trust store must learn, and minutes of downloads per
# build without BuildKit cache mounts. The host already has both tool chains and a warm cache.
#
# Build args (the defaults are public images; offline, scripts/build-server-image.sh sets both):
#   JDK_IMAGE   any image with a JDK 25 at $JAVA_HOME      eclipse-temurin:25-jdk
#   BASE_IMAGE  the runtime's base (glibc)                  debian:bookworm-slim
ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${JDK_IMAGE} AS jre
# Modules from `jdeps --print-module-deps` on the shaded jar, plus what only reflection or
# service loading reaches: jdk.zipfs (Jetty serves the embedded front end from the jar),
# jdk.unsupported (sun.misc.Unsafe), jdk.crypto.ec (TLS key exchange with older API servers),
# jdk.management (the process CPU and file-descriptor metrics).
# --strip-java-debug-attributes, not --strip-debug: that one also strips native symbols with
# objcopy, which a plain JDK image does not have.
RUN "$JAVA_HOME/bin/jlink" \
        --add-modules java.base,java.desktop,java.instrument,java.management,jdk.management,java.naming,java.net.http,java.rmi,java.security.jgss,java.sql,java.xml,jdk.zipfs,jdk.unsupported,jdk.crypto.ec \
        --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-6 \
        --output /opt/jre

FROM ${BASE_IMAGE}
COPY --from=jre /opt/jre /opt/jre
RUN groupadd --gid 10001 remolt \
 && useradd --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin remolt \
 && mkdir -p /data /app \
 && chown 10001:10001 /data
COPY agents /app/agents
COPY container /app/container
COPY server/target/remolt-server.jar /app/remolt-server.jar

ENV JAVA_HOME=/opt/jre \
    PATH=/opt/jre/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    REMOLT_HOST=0.0.0.0 \
    REMOLT_PORT=8080 \
    REMOLT_DATA_DIR=/data \
    REMOLT_AGENTS_DIR=/app/agents
WORKDIR /app
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/opt/jre/bin/java", "-XX:MaxRAMPercentage=75", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/remolt-server.jar"]
