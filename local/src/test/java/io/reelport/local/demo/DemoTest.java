package io.reelport.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo's one line per progress event, from the event stream's two shapes. */
class DemoTest {

    static final String VERSION = "7526ee91-a606-4147-b904-2eebd2388bd8";

    @Test
    void describesTheSnapshotByTheVersionItWaitsFor() {
        String snapshot = """
                {"id":"74a6","status":"PROCESSING","versions":[{"id":"other","status":"READY"},
                {"id":"%s","status":"PROMOTING","progress":0}]}""".formatted(VERSION);
        assertThat(Demo.describe(snapshot, VERSION)).isEqualTo("asset PROCESSING, version PROMOTING");
        assertThat(Demo.describe("{\"id\":\"74a6\",\"status\":\"READY\",\"versions\":[]}", VERSION)).isEqualTo("asset READY");
    }

    @Test
    void describesProgressWithItsStageWhenThereIsOne() {
        assertThat(Demo.describe("""
                {"versionId":"%s","event":"progress","versionStatus":"PROCESSING","progress":19,"stage":"transcode"}"""
                .formatted(VERSION), VERSION)).isEqualTo("progress 19% (transcode), version PROCESSING");
        assertThat(Demo.describe("""
                {"versionId":"%s","event":"succeeded","versionStatus":"READY","progress":100,"stage":null}"""
                .formatted(VERSION), VERSION)).isEqualTo("succeeded 100%, version READY");
    }
}
