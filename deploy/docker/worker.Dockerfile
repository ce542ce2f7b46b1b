# syntax=docker/dockerfile:1
# The worker image (ingest and transcoding; health and metrics on 8081).
# Build context: the repository root.
#   docker build -f deploy/docker/worker.Dockerfile -t reelport-worker .
# Run:      docker run -e REDIS_URL=... -e S3_ENDPOINT=... reelport-worker
# ffmpeg and ffprobe come from the org.bytedeco:ffmpeg jar inside the application; no system ffmpeg
# is installed. To use another one, install it in an image built FROM this one and set FFMPEG_PATH
# and FFPROBE_PATH.
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
RUN ./mvnw -B -q -pl worker -am -DskipTests -Dmdep.skip=true -Dspring-boot.repackage.skip=true package
COPY common/src/ common/src/
COPY test-support/src/ test-support/src/
COPY worker/src/ worker/src/
# Tests ran in CI; the image only packages. The layered extraction puts dependencies (rarely
# changing) and the application (changing every build) into separate image layers.
RUN ./mvnw -B -q -pl worker -am -DskipTests -Dmdep.skip=true package \
 && java -Djarmode=tools -jar worker/target/reelport-worker.jar extract --layers --destination /layers

FROM ${JRE_IMAGE}
# The bundled ffmpeg links a few system libraries for capture devices Reelport never uses
# (PulseAudio, ALSA, XCB, DRM); minimal images lack them (docs/architecture.md). tini as PID 1
# (in place of the base image's CA-certificate entrypoint) forwards SIGTERM to the JVM and reaps
# the ffmpeg processes the worker starts.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpulse0 libasound2t64 libxcb1 libxcb-shm0 libdrm2 tini \
 && rm -rf /var/lib/apt/lists/*
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
# The heap takes under half of the container's memory: the ffmpeg processes need the rest.
# JavaCPP unpacks the bundled ffmpeg into a writable cache on first use (about 85 MB of the
# container's disk) and loads its JNI libraries (hence native access). Out of memory ends the
# process so that the platform restarts it.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=40 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED -Dorg.bytedeco.javacpp.cachedir=/var/lib/reelport/javacpp"
EXPOSE 8081
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["java", "-jar", "/opt/reelport/app/reelport-worker.jar"]
