# syntax=docker/dockerfile:1
# The edge image (checks playback tokens, serves previews from its disk cache or storage).
# Build context: the repository root.
#   docker build -f deploy/docker/edge.Dockerfile -t reelport-edge .
# Run:      docker run -e PLAYBACK_KEYS=... -e S3_ENDPOINT=... -p 8082:8082 reelport-edge
# The three Dockerfiles differ only where their services do; keep them in step (docs/operations.md).

ARG JDK_IMAGE=eclipse-temurin:25-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25-jre-noble

FROM ${JDK_IMAGE} AS build
WORKDIR /src
# Maven 3.9 on JDK 25 would warn about sun.misc.Unsafe on every run.
ENV MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow"
# The poms first: this layer, with every dependency and plugin, is rebuilt only when a pom changes.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY common/pom.xml common/
COPY test-support/pom.xml test-support/
COPY backend/pom.xml backend/
COPY worker/pom.xml worker/
COPY edge/pom.xml edge/
COPY deploy/pom.xml deploy/
COPY local/pom.xml local/
RUN ./mvnw -B -q -pl edge -am -DskipTests -Dmdep.skip=true -Dspring-boot.repackage.skip=true package
COPY common/src/ common/src/
COPY test-support/src/ test-support/src/
COPY edge/src/ edge/src/
# Tests ran in CI; the image only packages. The layered extraction puts dependencies (rarely
# changing) and the application (changing every build) into separate image layers.
RUN ./mvnw -B -q -pl edge -am -DskipTests -Dmdep.skip=true package \
 && java -Djarmode=tools -jar edge/target/reelport-edge.jar extract --layers --destination /layers

FROM ${JRE_IMAGE}
# An unprivileged user; group 0 so that the image also runs under an arbitrary uid.
RUN useradd --system --uid 10001 --gid 0 --home-dir /var/lib/reelport --create-home --shell /usr/sbin/nologin reelport \
 && chmod g=u /var/lib/reelport
WORKDIR /opt/reelport/app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
WORKDIR /var/lib/reelport
USER 10001
# The JVM sizes its heap from the container's memory limit; leave room for metaspace, threads and
# direct buffers. Out of memory ends the process so that the platform restarts it. Replace the
# whole variable to tune (docs/operations.md). Netty keeps direct buffers outside the heap and
# loads its native transport (hence native access).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
EXPOSE 8082
# Exec form without a shell: java is PID 1 and gets SIGTERM itself, and Spring Boot shuts down
# gracefully (server.shutdown=graceful). The base image's entrypoint (a CA-certificate import
# helper) is cleared, so that a platform run command replaces the whole command line.
ENTRYPOINT []
CMD ["java", "-jar", "/opt/reelport/app/reelport-edge.jar"]
