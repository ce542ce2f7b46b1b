package io.reelport.testsupport.http;

import java.io.IOException;
import java.net.URI;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A service's actuator endpoints as its boot tests read them: health groups and the Prometheus scrape. */
public final class Actuator {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;

    public Actuator(int port) {
        this.base = "http://127.0.0.1:" + port + "/actuator";
    }

    /**
     * Asserts that health and its liveness and readiness groups report {@code UP}, and each named
     * readiness component too (the health endpoint must show components).
     */
    public void assertUp(String... readinessComponents) throws IOException, InterruptedException {
        assertStatus("/health", health("/health"), "UP");
        assertStatus("/health/liveness", health("/health/liveness"), "UP");
        JsonNode readiness = health("/health/readiness");
        assertStatus("/health/readiness", readiness, "UP");
        for (String component : readinessComponents) {
            assertStatus("readiness component " + component, readiness.path("components").path(component), "UP");
        }
    }

    /** The Prometheus scrape's text. */
    public String prometheus() throws IOException, InterruptedException {
        return TestHttp.getOk(URI.create(base + "/prometheus"));
    }

    private JsonNode health(String path) throws IOException, InterruptedException {
        return JSON.readTree(TestHttp.getOk(URI.create(base + path)));
    }

    private static void assertStatus(String what, JsonNode node, String expected) {
        String status = node.path("status").asString();
        if (!expected.equals(status)) {
            throw new AssertionError(what + " is " + (status.isEmpty() ? "missing" : status) + ", expected " + expected + ": " + node);
        }
    }
}
