package io.reelport.deploy.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.deploy.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shape of deploy/observability: alert rules Prometheus will load (every rule named, with an
 * expression, a valid {@code for}, a severity, a summary and a runbook link that exists), a
 * dashboard Grafana will import, and a scrape configuration whose job names are the ones the
 * rules select. That every metric they name is really exported is checked by the end-to-end
 * test, where all three services run.
 */
class ObservabilityFilesTest {

    static final Pattern DURATION = Pattern.compile("\\d+[smhd]");
    static final Pattern ANCHOR = Pattern.compile("docs/operations\\.md#([a-z0-9-]+)");

    @Test
    @SuppressWarnings("unchecked")
    void alertRulesAreCompleteAndPointAtRunbooksThatExist() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(RepositoryRoot.resolve("deploy/observability/alert-rules.yml")));
        List<Map<String, Object>> groups = (List<Map<String, Object>>) file.get("groups");
        String operations = Files.readString(RepositoryRoot.resolve("docs/operations.md"));
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> group : groups) {
            assertThat(group.get("name")).isNotNull();
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String alert = (String) rule.get("alert");
                alerts.add(alert);
                assertThat(alert).matches("Reelport[A-Za-z0-9]+");
                assertThat((String) rule.get("expr")).as(alert).containsPattern("reelport_|http_server_requests");
                if (rule.containsKey("for")) {
                    assertThat((String) rule.get("for")).as(alert).matches(DURATION);
                }
                Map<String, String> labels = (Map<String, String>) rule.get("labels");
                assertThat(labels.get("severity")).as(alert).isIn("warning", "critical");
                Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
                assertThat(annotations.get("summary")).as(alert).isNotBlank();
                var runbook = ANCHOR.matcher(annotations.get("runbook"));
                assertThat(runbook.matches()).as(alert + " runbook " + annotations.get("runbook")).isTrue();
                assertThat(headingAnchors(operations)).as("headings of docs/operations.md").contains(runbook.group(1));
            }
        }
        assertThat(alerts).doesNotHaveDuplicates()
                .contains("ReelportQueueBacklog", "ReelportJobFailureRate", "ReelportEdge5xxRate", "ReelportEdgeCacheHitRatioLow");
    }

    @Test
    void theDashboardImportsAndEveryPanelQueriesPrometheus() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(RepositoryRoot.resolve("deploy/observability/grafana-dashboard.json")));
        assertThat(dashboard.path("uid").asString()).isEqualTo("reelport-overview");
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets").size()).as(panel.path("title").asString()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asString()).containsPattern("reelport_|http_server_requests").doesNotContain("\n");
                queries++;
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(15);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScrapeConfigurationNamesTheJobsTheRulesSelect() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(RepositoryRoot.resolve("deploy/observability/prometheus.yml")));
        List<String> jobs = ((List<Map<String, Object>>) file.get("scrape_configs")).stream()
                .map(job -> (String) job.get("job_name")).toList();
        assertThat(jobs).containsExactly("reelport-backend", "reelport-worker", "reelport-edge");
        assertThat((List<String>) file.get("rule_files")).containsExactly("alert-rules.yml");
        String rules = Files.readString(RepositoryRoot.resolve("deploy/observability/alert-rules.yml"));
        var selected = Pattern.compile("job=\"([a-z-]+)\"").matcher(rules);
        while (selected.find()) {
            assertThat(jobs).contains(selected.group(1));
        }
    }

    /** GitHub's anchors for the Markdown headings: lower case, spaces to hyphens, punctuation dropped. */
    static List<String> headingAnchors(String markdown) {
        return markdown.lines()
                .filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'))
                .toList();
    }
}
