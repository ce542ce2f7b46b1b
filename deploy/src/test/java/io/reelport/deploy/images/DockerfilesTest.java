package io.reelport.deploy.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.deploy.AppSpec;
import io.reelport.deploy.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * The Dockerfiles cannot be built here (no Docker engine), so what would break them is checked
 * instead: every module the root pom lists is copied (Maven refuses a reactor with a missing
 * module), each image builds and runs its own service's jar, and runs it as a non-root user.
 */
class DockerfilesTest {

    static final Path DOCKER = RepositoryRoot.resolve("deploy/docker");

    static String dockerfile(String service) throws Exception {
        return Files.readString(DOCKER.resolve(service + ".Dockerfile"));
    }

    /** The root pom's modules outside profiles: the reactor every image build reads. */
    static List<String> rootModules() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(RepositoryRoot.resolve("pom.xml").toFile()).getDocumentElement();
        List<String> modules = new ArrayList<>();
        NodeList children = project.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && element.getTagName().equals("modules")) {
                NodeList items = element.getElementsByTagName("module");
                for (int j = 0; j < items.getLength(); j++) {
                    modules.add(items.item(j).getTextContent().trim());
                }
            }
        }
        return modules;
    }

    @ParameterizedTest
    @ValueSource(strings = {"backend", "worker", "edge"})
    void copiesEveryModulePomSoTheReactorResolves(String service) throws Exception {
        String text = dockerfile(service);
        for (String module : rootModules()) {
            assertThat(text).as(service + ".Dockerfile copies " + module + "/pom.xml")
                    .contains("COPY " + module + "/pom.xml " + module + "/");
        }
        assertThat(RepositoryRoot.resolve(".dockerignore")).content()
                .doesNotContain("\n*.xml").doesNotContain("\npom.xml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"backend", "worker", "edge"})
    void buildsItsOwnServiceAndRunsItAsNonRoot(String service) throws Exception {
        String text = dockerfile(service);
        assertThat(text).contains("FROM ${JDK_IMAGE} AS build", "FROM ${JRE_IMAGE}")
                .contains("ARG JRE_IMAGE=eclipse-temurin:25-jre-noble");
        assertThat(Pattern.compile("-pl (\\S+) -am").matcher(text).results().map(m -> m.group(1)))
                .hasSize(2).containsOnly(service);
        assertThat(text).contains("COPY " + service + "/src/ " + service + "/src/")
                .contains("extract --layers --destination /layers");
        assertThat(RepositoryRoot.resolve(service + "/pom.xml")).content()
                .contains("<finalName>reelport-" + service + "</finalName>");
        assertThat(text).contains("CMD [\"java\", \"-jar\", \"/opt/reelport/app/reelport-" + service + ".jar\"]");
        Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(text);
        assertThat(user.find()).as("a USER line").isTrue();
        assertThat(user.group(1)).isEqualTo("10001");
        assertThat(text.lastIndexOf("USER 10001")).as("no root step after USER").isGreaterThan(text.lastIndexOf("RUN "));
        assertThat(text).contains("-XX:+ExitOnOutOfMemoryError").contains("-XX:MaxRAMPercentage=");
        // The layers in the order that keeps the application layer last.
        assertThat(text.indexOf("/layers/dependencies/")).isLessThan(text.indexOf("/layers/spring-boot-loader/"));
        assertThat(text.indexOf("/layers/snapshot-dependencies/")).isLessThan(text.indexOf("/layers/application/"));
    }

    @Test
    void theWorkerImageCarriesTheLibrariesTheBundledFfmpegLinks() throws Exception {
        String text = dockerfile("worker");
        assertThat(text).contains("libpulse0", "libasound2t64", "libxcb1", "libxcb-shm0", "libdrm2", "tini")
                .contains("ENTRYPOINT [\"/usr/bin/tini\", \"--\"]")
                .contains("-Dorg.bytedeco.javacpp.cachedir=/var/lib/reelport/javacpp")
                .doesNotContain("apt-get install -y ffmpeg");
    }

    @Test
    void theMigrateJobAndComposeRunTheBackendImagesMigrateOnlyMode() throws Exception {
        String backendCmdJar = "/opt/reelport/app/reelport-backend.jar";
        String runCommand = (String) AppSpec.load(AppSpec.PRODUCTION).component("migrate").spec().get("run_command");
        assertThat(runCommand).isEqualTo("exec java -cp " + backendCmdJar + " io.reelport.backend.platform.DatabaseMigration");

        Map<String, Object> compose = new Yaml().load(Files.readString(RepositoryRoot.resolve("docker-compose.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services.get("migrate").get("command"))
                .isEqualTo(List.of("java", "-cp", backendCmdJar, "io.reelport.backend.platform.DatabaseMigration"));
        for (String service : List.of("migrate", "backend", "worker", "edge")) {
            @SuppressWarnings("unchecked")
            Map<String, String> build = (Map<String, String>) services.get(service).get("build");
            assertThat(build.get("context")).isEqualTo(".");
            assertThat(RepositoryRoot.resolve(build.get("dockerfile"))).as(service).isRegularFile();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> backendEnv = (Map<String, Object>) services.get("backend").get("environment");
        assertThat(backendEnv).containsEntry("FLYWAY_MIGRATE_ON_STARTUP", "false");
    }
}
