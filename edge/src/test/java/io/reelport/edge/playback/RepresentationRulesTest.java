package io.reelport.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.edge.storage.ObjectMeta;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP rules as a table, without a server. */
class RepresentationRulesTest {

    static final ObjectMeta META = new ObjectMeta(1000, "\"abc\"", Instant.parse("2026-01-02T03:04:05Z"));
    static final String LAST_MODIFIED = "Fri, 02 Jan 2026 03:04:05 GMT";

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // range               | status | start | count | content-range
            "null                  | 200 | 0   | 1000 | null",
            "bytes=0-0             | 206 | 0   | 1    | bytes 0-0/1000",
            "bytes=0-999           | 206 | 0   | 1000 | bytes 0-999/1000",
            "bytes=0-5000          | 206 | 0   | 1000 | bytes 0-999/1000",
            "bytes=999-            | 206 | 999 | 1    | bytes 999-999/1000",
            "bytes=-1              | 206 | 999 | 1    | bytes 999-999/1000",
            "bytes=-1000           | 206 | 0   | 1000 | bytes 0-999/1000",
            "bytes=-2000           | 206 | 0   | 1000 | bytes 0-999/1000",
            "BYTES=1-2             | 206 | 1   | 2    | bytes 1-2/1000",
            "bytes= 1 - 2          | 206 | 1   | 2    | bytes 1-2/1000",
            "bytes=1000-           | 416 | 0   | 0    | bytes */1000",
            "bytes=1000-1000       | 416 | 0   | 0    | bytes */1000",
            "bytes=-0              | 416 | 0   | 0    | bytes */1000",
            "bytes=5-1             | 200 | 0   | 1000 | null",
            "bytes=0-1,3-4         | 200 | 0   | 1000 | null",
            "bytes=x-1             | 200 | 0   | 1000 | null",
            "bytes=1               | 200 | 0   | 1000 | null",
            "bytes=+1-2            | 200 | 0   | 1000 | null",
            "pages=1-2             | 200 | 0   | 1000 | null"})
    void ranges(String range, int status, long start, long count, String contentRange) {
        RepresentationRules.Answer answer = RepresentationRules.decide(META, null, null, range, null);

        assertThat(answer).isEqualTo(new RepresentationRules.Answer(status, start, count, contentRange));
    }

    @Test
    void emptyObjects() {
        ObjectMeta empty = new ObjectMeta(0, "\"e\"", META.lastModified());

        assertThat(RepresentationRules.decide(empty, null, null, null, null).status()).isEqualTo(200);
        assertThat(RepresentationRules.decide(empty, null, null, "bytes=0-", null).status()).isEqualTo(416);
        assertThat(RepresentationRules.decide(empty, null, null, "bytes=-5", null).contentRange()).isEqualTo("bytes */0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "\"abc\"                           | null                          | 304",
            "W/\"abc\"                         | null                          | 304",
            "\"x\", \"abc\"                    | null                          | 304",
            "*                                 | null                          | 304",
            "\"x\"                             | null                          | 200",
            "\"x\"                             | Fri, 02 Jan 2026 03:04:05 GMT | 200",
            "null                              | Fri, 02 Jan 2026 03:04:05 GMT | 304",
            "null                              | Sat, 03 Jan 2026 00:00:00 GMT | 304",
            "null                              | Fri, 02 Jan 2026 03:04:04 GMT | 200",
            "null                              | garbage                       | 200"})
    void conditionals(String ifNoneMatch, String ifModifiedSince, int status) {
        assertThat(RepresentationRules.decide(META, ifNoneMatch, ifModifiedSince, null, null).status()).isEqualTo(status);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"abc\"                       | 206",
            "W/\"abc\"                     | 200",
            "\"other\"                     | 200",
            "Fri, 02 Jan 2026 03:04:05 GMT | 206",
            "Fri, 02 Jan 2026 03:04:06 GMT | 200",
            "nonsense                      | 200"})
    void ifRange(String ifRange, int status) {
        assertThat(RepresentationRules.decide(META, null, null, "bytes=0-9", ifRange).status()).isEqualTo(status);
    }

    @Test
    void notModifiedWinsOverRange() {
        assertThat(RepresentationRules.decide(META, "\"abc\"", null, "bytes=0-9", null).status()).isEqualTo(304);
        assertThat(RepresentationRules.decide(META, null, LAST_MODIFIED, "bytes=5000-", null).status()).isEqualTo(304);
    }
}
