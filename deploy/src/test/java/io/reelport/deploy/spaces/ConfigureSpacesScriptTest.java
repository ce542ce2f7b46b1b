package io.reelport.deploy.spaces;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.deploy.BashScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * scripts/configure-spaces.sh: the CORS and lifecycle documents it applies to the staging bucket,
 * and the AWS CLI calls that apply them. The CLI here is a recorder on PATH that writes down its
 * arguments and the documents it was given (s3proxy, the test S3 server, has no bucket CORS API);
 * the real CLI's own validation of both documents is recorded in docs/operations.md.
 */
class ConfigureSpacesScriptTest {

    @TempDir
    Path dir;

    BashScript script;
    Path bin;
    Path calls;

    @BeforeEach
    void setUp() throws IOException {
        script = new BashScript("scripts/configure-spaces.sh", dir);
        bin = Files.createDirectory(dir.resolve("bin"));
        calls = dir.resolve("aws-calls.txt");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> printed(String... arguments) throws Exception {
        BashScript.Result result = script.run(arguments);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return new Yaml().load(result.stdout());
    }

    @Test
    @SuppressWarnings("unchecked")
    void letsTheGivenOriginsUploadAndReadTheEtag() throws Exception {
        Map<String, Object> documents = printed("--region", "nyc3", "--staging-bucket", "acme-reelport-staging",
                "--origins", "https://media.example.com,http://localhost:3000", "--print");

        assertThat(documents).containsEntry("endpoint", "https://nyc3.digitaloceanspaces.com")
                .containsEntry("bucket", "acme-reelport-staging");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) documents.get("cors")).get("CORSRules");
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.get("AllowedOrigins")).isEqualTo(List.of("https://media.example.com", "http://localhost:3000"));
            assertThat((List<String>) rule.get("AllowedMethods")).contains("PUT").doesNotContain("DELETE", "POST");
            assertThat(rule.get("ExposeHeaders")).as("multipart completion needs each part's ETag").isEqualTo(List.of("ETag"));
            assertThat(rule.get("AllowedHeaders")).isEqualTo(List.of("*"));
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void expiresStagingUploadsAndAbandonedMultipartUploads() throws Exception {
        Map<String, Object> documents = printed("--region", "ams3", "--staging-bucket", "staging", "--origins",
                "https://a.example.org", "--expire-days", "3", "--print");

        Map<String, Object> rule = ((List<Map<String, Object>>) ((Map<String, Object>) documents.get("lifecycle")).get("Rules")).get(0);
        assertThat(rule).containsEntry("Status", "Enabled")
                .containsEntry("Expiration", Map.of("Days", 3))
                .containsEntry("AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1))
                .containsEntry("Filter", Map.of("Prefix", ""));
        assertThat(documents).containsEntry("endpoint", "https://ams3.digitaloceanspaces.com");
    }

    @Test
    @SuppressWarnings("unchecked")
    void appliesBothDocumentsWithTheAwsCli() throws Exception {
        recordingAws();
        Map<String, Object> expected = printed("--region", "fra1", "--staging-bucket", "staging-b",
                "--origins", "https://app.example.com", "--print");

        BashScript.Result result = withPath(Map.of("AWS_ACCESS_KEY_ID", "key", "AWS_SECRET_ACCESS_KEY", "secret"))
                .run("--region", "fra1", "--staging-bucket", "staging-b", "--origins", "https://app.example.com");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<String> lines = Files.readAllLines(calls);
        assertThat(lines).containsExactly(
                "s3api put-bucket-cors --endpoint-url https://fra1.digitaloceanspaces.com --bucket staging-b --cors-configuration FILE region=fra1",
                "document " + compact(expected.get("cors")),
                "s3api put-bucket-lifecycle-configuration --endpoint-url https://fra1.digitaloceanspaces.com --bucket staging-b --lifecycle-configuration FILE region=fra1",
                "document " + compact(expected.get("lifecycle")),
                "s3api get-bucket-cors --endpoint-url https://fra1.digitaloceanspaces.com --bucket staging-b region=fra1");
    }

    @Test
    void refusesOriginsThatAreNotExact() throws Exception {
        for (String origin : List.of("*", "https://*.example.com", "https://example.com/", "https://example.com/upload",
                "example.com")) {
            BashScript.Result result = script.run("--region", "nyc3", "--staging-bucket", "staging", "--origins", origin,
                    "--print");
            assertThat(result.exitCode()).as(origin).isNotZero();
            assertThat(result.stderr()).contains("origin '" + origin + "' is not scheme://host[:port]");
            assertThat(result.stdout()).isEmpty();
        }
    }

    @Test
    void refusesWhatItCannotApplyWithAReason() throws Exception {
        assertRefused(script.run("--region", "nyc3", "--staging-bucket", "staging", "--print"), "--origins is required");
        assertRefused(script.run("--region", "New York", "--staging-bucket", "staging", "--origins", "https://a.io", "--print"),
                "is not a Spaces region");
        assertRefused(script.run("--region", "nyc3", "--staging-bucket", "Bad_Bucket", "--origins", "https://a.io"),
                "is not a bucket name");
        assertRefused(script.run("--region", "nyc3", "--staging-bucket", "staging", "--origins", "https://a.io",
                "--expire-days", "0"), "is not a whole number of days");
        assertRefused(script.run("--bogus"), "unknown option '--bogus'");

        // No AWS CLI on PATH: say so before doing anything.
        assertRefused(withPath(Map.of("AWS_ACCESS_KEY_ID", "key", "AWS_SECRET_ACCESS_KEY", "secret"))
                .run("--region", "nyc3", "--staging-bucket", "staging", "--origins", "https://a.io"), "the AWS CLI (aws) is not installed");
        // A CLI but no credentials.
        recordingAws();
        Map<String, String> noCredentials = new HashMap<>();
        noCredentials.put("AWS_ACCESS_KEY_ID", null);
        noCredentials.put("AWS_SECRET_ACCESS_KEY", null);
        noCredentials.put("AWS_PROFILE", null);
        assertRefused(withPath(noCredentials).run("--region", "nyc3", "--staging-bucket", "staging", "--origins", "https://a.io"),
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        assertThat(calls).doesNotExist();
    }

    private static void assertRefused(BashScript.Result result, String reason) {
        assertThat(result.exitCode()).as(reason).isNotZero();
        assertThat(result.stderr()).contains(reason);
    }

    /** PATH is only bin/: the few tools the script uses, and the recording aws when one was made. */
    private BashScript withPath(Map<String, String> extra) throws IOException {
        for (String tool : List.of("bash", "cat", "mktemp", "rm")) {
            Path link = bin.resolve(tool);
            if (Files.notExists(link)) {
                Files.createSymbolicLink(link, which(tool));
            }
        }
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("PATH", bin.toString());
        environment.put("AWS_DEFAULT_REGION", null);
        return script.withEnvironment(environment);
    }

    private void recordingAws() throws IOException {
        Path aws = bin.resolve("aws");
        Files.writeString(aws, """
                #!%s
                # Records each call: its arguments (file:// documents replaced by FILE), then each document.
                args=()
                documents=()
                for arg in "$@"; do
                  if [[ "$arg" == file://* ]]; then documents+=("${arg#file://}"); args+=(FILE); else args+=("$arg"); fi
                done
                echo "${args[*]} region=$AWS_DEFAULT_REGION" >> %s
                for document in "${documents[@]}"; do
                  printf 'document %%s\\n' "$(tr -d ' \\n' < "$document")" >> %s
                done
                """.formatted(which("bash"), calls, calls));
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
        withPath(Map.of());
        Path tr = bin.resolve("tr");
        if (Files.notExists(tr)) {
            Files.createSymbolicLink(tr, which("tr"));
        }
    }

    private static Path which(String tool) {
        for (String directory : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(directory, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " is not on PATH");
    }

    /** The document as the recorder writes it: JSON without spaces or newlines. */
    @SuppressWarnings("unchecked")
    private static String compact(Object document) {
        if (document instanceof Map<?, ?> map) {
            StringBuilder json = new StringBuilder("{");
            ((Map<String, Object>) map).forEach((key, value) -> json.append(json.length() > 1 ? "," : "")
                    .append('"').append(key).append("\":").append(compact(value)));
            return json.append('}').toString();
        }
        if (document instanceof List<?> list) {
            StringBuilder json = new StringBuilder("[");
            list.forEach(item -> json.append(json.length() > 1 ? "," : "").append(compact(item)));
            return json.append(']').toString();
        }
        return document instanceof String text ? "\"" + text + "\"" : String.valueOf(document);
    }
}
