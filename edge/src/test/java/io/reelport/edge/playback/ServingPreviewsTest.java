package io.reelport.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.common.playback.PlaybackGrantRequest;
import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.playback.PlaybackTokenSigner;
import io.reelport.common.keys.KeyRing;
import io.reelport.edge.support.Previews;
import io.reelport.edge.support.RawHttp;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** What a player gets for a granted request: bodies, types, caching headers, ranges, validators. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServingPreviewsTest {

    static TestServices services;
    static Previews previews;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        services = ReelportTestProperties.register(registry, Need.S3);
        registry.add("reelport.edge.cache.dir", () -> tempDir("serving"));
        registry.add("reelport.edge.rate-limit.requests-per-second", () -> "0");
    }

    static String tempDir(String name) {
        try {
            return Files.createTempDirectory("edge-" + name).toString();
        } catch (IOException failed) {
            throw new IllegalStateException(failed);
        }
    }

    @LocalServerPort
    int port;
    RawHttp http;
    String token;
    static final byte[] SEGMENT = Previews.bytes(300_000, 7);
    static final byte[] PLAYLIST = "#EXTM3U\n#EXT-X-VERSION:7\n#EXTINF:2.0,\nseg_00001.m4s\n#EXT-X-ENDLIST\n".getBytes(StandardCharsets.UTF_8);
    static String segmentPath;
    static String playlistPath;
    static String emptyPath;

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
        if (previews == null) {
            previews = new Previews(services.storage());
            segmentPath = previews.put("hls/720p/seg_00001.m4s", SEGMENT);
            playlistPath = previews.put("hls/720p/index.m3u8", PLAYLIST);
            emptyPath = previews.put("thumbs/empty.vtt", new byte[0]);
        }
        KeyRing ring = KeyRing.forSigning(PlaybackKeyProperties.KEYS_VARIABLE, ReelportTestProperties.PLAYBACK_KEYS,
                PlaybackKeyProperties.ACTIVE_KID_VARIABLE, ReelportTestProperties.PLAYBACK_ACTIVE_KID);
        token = new PlaybackTokenSigner(ring).sign(new PlaybackGrantRequest(previews.prefix(), Instant.now().plus(1, ChronoUnit.HOURS)));
    }

    @AfterAll
    static void closePreviews() {
        if (previews != null) {
            previews.close();
        }
    }

    String url(String path) {
        return "/p/" + token + "/" + path;
    }

    @Test
    void servesASegmentWhole_withImmutableCachingAndValidators() {
        RawHttp.Response response = http.get(url(segmentPath));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SEGMENT);
        assertThat(response.header("Content-Type")).contains("video/iso.segment");
        assertThat(response.header("Content-Length")).contains(Integer.toString(SEGMENT.length));
        assertThat(response.header("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(response.header("Accept-Ranges")).contains("bytes");
        assertThat(response.header("ETag")).hasValueSatisfying(etag -> assertThat(etag).startsWith("\"").endsWith("\""));
        assertThat(response.header("Last-Modified")).isPresent();
        // the second answer comes from the cache and must be the same representation
        RawHttp.Response again = http.get(url(segmentPath));
        assertThat(again.body()).isEqualTo(SEGMENT);
        assertThat(again.header("ETag")).isEqualTo(response.header("ETag"));
        assertThat(again.header("Last-Modified")).isEqualTo(response.header("Last-Modified"));
    }

    @Test
    void playlistsAreCachedBriefly() {
        RawHttp.Response response = http.get(url(playlistPath));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(PLAYLIST);
        assertThat(response.header("Content-Type")).contains("application/vnd.apple.mpegurl");
        assertThat(response.header("Cache-Control")).contains("public, max-age=10");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hls/master.m3u8 | application/vnd.apple.mpegurl | public, max-age=10",
            "hls/720p/init.mp4 | video/mp4 | public, max-age=31536000, immutable",
            "hls/360p/seg_00002.m4s | video/iso.segment | public, max-age=31536000, immutable",
            "hls/ts/seg_00001.ts | video/mp2t | public, max-age=31536000, immutable",
            "poster.jpg | image/jpeg | public, max-age=31536000, immutable",
            "thumbs/thumbs.vtt | text/vtt;charset=utf-8 | public, max-age=10",
            "manifest.json | application/json | public, max-age=10",
            "preview.mp4 | video/mp4 | public, max-age=31536000, immutable"})
    void contentTypeAndCachingFollowTheExtension(String file, String contentType, String cacheControl) {
        String path = previews.put(file, ("content of " + file).getBytes(StandardCharsets.UTF_8));

        RawHttp.Response response = http.get(url(path));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("content of " + file);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.replace(" ", "")).isEqualTo(contentType));
        assertThat(response.header("Cache-Control")).contains(cacheControl);
    }

    @Test
    void headAnswersLikeGetWithoutBody() {
        RawHttp.Response get = http.get(url(segmentPath));
        RawHttp.Response head = http.head(url(segmentPath));

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).contains(Integer.toString(SEGMENT.length));
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        assertThat(head.header("Accept-Ranges")).contains("bytes");
    }

    @Test
    void headOfAnUncachedObjectKnowsItsLength() {
        String path = previews.put("hls/720p/seg_head.m4s", Previews.bytes(1234, 3));

        RawHttp.Response head = http.head(url(path));

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).contains("1234");
    }

    @ParameterizedTest
    @CsvSource({
            "bytes=0-9, 0, 9",
            "bytes=100-, 100, 299999",
            "bytes=-500, 299500, 299999",
            "bytes=-999999, 0, 299999",
            "bytes=299999-299999, 299999, 299999",
            "bytes=1000-999999999, 1000, 299999",
            "bytes=5-99999999999999999999, 5, 299999"})
    void singleRangesGetPartialContent(String range, long first, long last) {
        for (int attempt = 0; attempt < 2; attempt++) { // a miss (streamed from the fill), then a hit (sendfile)
            RawHttp.Response response = http.get(url(segmentPath), "Range: " + range);

            assertThat(response.status()).as(range).isEqualTo(206);
            assertThat(response.header("Content-Range")).contains("bytes " + first + "-" + last + "/" + SEGMENT.length);
            assertThat(response.header("Content-Length")).contains(Long.toString(last - first + 1));
            assertThat(response.body()).isEqualTo(Arrays.copyOfRange(SEGMENT, (int) first, (int) last + 1));
        }
    }

    @ParameterizedTest
    @CsvSource({"bytes=300000-", "bytes=300000-300010", "bytes=-0", "bytes=999999-"})
    void unsatisfiableRangesGet416WithTheLength(String range) {
        RawHttp.Response response = http.get(url(segmentPath), "Range: " + range);

        assertThat(response.status()).isEqualTo(416);
        assertThat(response.header("Content-Range")).contains("bytes */" + SEGMENT.length);
    }

    @Test
    void anyRangeOfAnEmptyObjectIsUnsatisfiable() {
        assertThat(http.get(url(emptyPath), "Range: bytes=0-").status()).isEqualTo(416);
        RawHttp.Response whole = http.get(url(emptyPath));
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.header("Content-Length")).contains("0");
        assertThat(whole.body()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"bytes=0-1,5-9", "bytes=abc", "items=0-9", "bytes=9-0", "bytes=--5", "bytes="})
    void multipleOrUnparseableRangesGetTheWholeObject(String range) {
        RawHttp.Response response = http.get(url(segmentPath), "Range: " + range);

        assertThat(response.status()).as(range).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SEGMENT);
    }

    @Test
    void conditionalRequests() {
        RawHttp.Response first = http.get(url(segmentPath));
        String etag = first.header("ETag").orElseThrow();
        String lastModified = first.header("Last-Modified").orElseThrow();

        RawHttp.Response notModified = http.get(url(segmentPath), "If-None-Match: " + etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("ETag")).contains(etag);
        assertThat(notModified.header("Cache-Control")).isPresent();
        assertThat(notModified.body()).isEmpty();

        assertThat(http.get(url(segmentPath), "If-None-Match: \"other\", " + etag).status()).isEqualTo(304);
        assertThat(http.get(url(segmentPath), "If-None-Match: W/" + etag).status()).as("weak comparison").isEqualTo(304);
        assertThat(http.get(url(segmentPath), "If-None-Match: *").status()).isEqualTo(304);
        assertThat(http.head(url(segmentPath), "If-None-Match: " + etag).status()).isEqualTo(304);
        assertThat(http.get(url(segmentPath), "If-None-Match: \"other\"").status()).isEqualTo(200);
        // If-None-Match wins over If-Modified-Since
        assertThat(http.get(url(segmentPath), "If-None-Match: \"other\"", "If-Modified-Since: " + lastModified).status())
                .isEqualTo(200);

        assertThat(http.get(url(segmentPath), "If-Modified-Since: " + lastModified).status()).isEqualTo(304);
        assertThat(http.get(url(segmentPath), "If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT").status()).isEqualTo(200);
        assertThat(http.get(url(segmentPath), "If-Modified-Since: not a date").status()).isEqualTo(200);
    }

    @Test
    void ifRangeHonoursTheRangeOnlyWhileTheValidatorMatches() {
        RawHttp.Response first = http.get(url(segmentPath));
        String etag = first.header("ETag").orElseThrow();
        String lastModified = first.header("Last-Modified").orElseThrow();

        assertThat(http.get(url(segmentPath), "Range: bytes=0-9", "If-Range: " + etag).status()).isEqualTo(206);
        assertThat(http.get(url(segmentPath), "Range: bytes=0-9", "If-Range: " + lastModified).status()).isEqualTo(206);
        RawHttp.Response changed = http.get(url(segmentPath), "Range: bytes=0-9", "If-Range: \"some-other-etag\"");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo(SEGMENT);
        assertThat(http.get(url(segmentPath), "Range: bytes=0-9", "If-Range: W/" + etag).status())
                .as("weak validators never satisfy If-Range").isEqualTo(200);
        assertThat(http.get(url(segmentPath), "Range: bytes=0-9", "If-Range: Mon, 01 Jan 2001 00:00:00 GMT").status())
                .isEqualTo(200);
    }

    @Test
    void missingObjectsAre404AndNotCached() {
        String path = previews.prefix() + "hls/720p/seg_99999.m4s";

        assertThat(http.get(url(path)).status()).isEqualTo(404);
        previews.put("hls/720p/seg_99999.m4s", new byte[] {1, 2, 3});
        RawHttp.Response now = http.get(url(path));
        assertThat(now.status()).isEqualTo(200);
        assertThat(now.body()).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @CsvSource({"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void otherMethodsAre405(String method) {
        RawHttp.Response response = http.send(method, url(segmentPath), "Content-Length: 0");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET").contains("HEAD"));
    }
}
