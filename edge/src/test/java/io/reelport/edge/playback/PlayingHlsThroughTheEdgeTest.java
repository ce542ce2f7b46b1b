package io.reelport.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelport.common.keys.KeyRing;
import io.reelport.common.playback.PlaybackGrantRequest;
import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.playback.PlaybackTokenSigner;
import io.reelport.edge.support.Previews;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.TestServices;
import io.reelport.testsupport.media.Ffprobe;
import io.reelport.testsupport.media.ProbeResult;
import io.reelport.testsupport.media.TestClips;
import io.reelport.testsupport.media.TestFfmpeg;
import io.reelport.testsupport.media.VideoClip;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole point of the edge: a real HLS stream made by ffmpeg, put where the worker puts
 * previews, and played by ffmpeg as a player through nothing but the signed master-playlist URL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlayingHlsThroughTheEdgeTest {

    static TestServices services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = ReelportTestProperties.register(registry, Need.S3);
        String cacheDir = Files.createTempDirectory("edge-hls").toString();
        registry.add("reelport.edge.cache.dir", () -> cacheDir);
    }

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;

    @Test
    void ffmpegPlaysTheStreamFromTheSignedMasterPlaylistUrl(@TempDir Path work) throws Exception {
        Path clip = TestClips.shared().video(VideoClip.of(320, 240).duration(Duration.ofSeconds(3)));
        Path hls = work.resolve("hls");
        run(List.of(TestFfmpeg.binaries().ffmpeg().toString(), "-v", "error", "-y", "-i", clip.toString(),
                "-map", "0:v", "-map", "0:a", "-c", "copy", "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
                "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
                "-var_stream_map", "v:0,a:0,name:360p", "-master_pl_name", "master.m3u8",
                "-hls_segment_filename", hls.resolve("%v/seg_%05d.m4s").toString(), hls.resolve("%v/index.m3u8").toString()));
        assertThat(Files.readString(hls.resolve("master.m3u8"), StandardCharsets.UTF_8)).contains("360p/index.m3u8");

        try (Previews previews = new Previews(services.storage()); Stream<Path> files = Files.walk(hls)) {
            List<Path> outputs = files.filter(Files::isRegularFile).toList();
            for (Path file : outputs) {
                previews.put("hls/" + hls.relativize(file).toString().replace('\\', '/'), file);
            }
            KeyRing ring = KeyRing.forSigning(PlaybackKeyProperties.KEYS_VARIABLE, ReelportTestProperties.PLAYBACK_KEYS,
                    PlaybackKeyProperties.ACTIVE_KID_VARIABLE, ReelportTestProperties.PLAYBACK_ACTIVE_KID);
            String token = new PlaybackTokenSigner(ring).sign(new PlaybackGrantRequest(previews.prefix(),
                    Instant.now().plus(Duration.ofMinutes(10))));
            String masterUrl = "http://127.0.0.1:" + port + "/p/" + token + "/" + previews.prefix() + "hls/master.m3u8";
            double servedBefore = meters.counter("reelport.edge.bytes.served").count();

            Path played = work.resolve("played.mp4");
            run(List.of(TestFfmpeg.binaries().ffmpeg().toString(), "-v", "error", "-y", "-i", masterUrl,
                    "-map", "0:v", "-map", "0:a", "-c", "copy", played.toString()));

            ProbeResult probe = Ffprobe.probe(played);
            ProbeResult original = Ffprobe.probe(clip);
            assertThat(probe.video()).hasValueSatisfying(video -> {
                assertThat(video.width()).isEqualTo(320);
                assertThat(video.height()).isEqualTo(240);
            });
            assertThat(probe.audio()).isPresent();
            assertThat(probe.duration()).isBetween(original.duration().minusMillis(300), original.duration().plusMillis(300));
            long segmentBytes = outputs.stream().mapToLong(file -> file.toFile().length()).sum();
            assertThat(meters.counter("reelport.edge.bytes.served").count() - servedBefore)
                    .as("the bytes came through the edge").isGreaterThanOrEqualTo(segmentBytes * 0.9);
        }
    }

    static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command).replaceAll("/p/[^/]+/", "/p/{token}/") + "\n"
                + new String(output, StandardCharsets.UTF_8)).isZero();
    }
}
