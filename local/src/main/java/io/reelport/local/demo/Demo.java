package io.reelport.local.demo;

import io.reelport.common.media.FfmpegBinaries;
import io.reelport.local.LaunchException;
import io.reelport.local.client.Player;
import io.reelport.local.client.ReelportClient;
import io.reelport.local.secrets.DevelopmentSecrets;
import io.reelport.local.secrets.SecretsFile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/demo.sh}: what a first API client does against a running local platform. It logs
 * in as the bootstrapped admin, makes a short clip with ffmpeg, uploads it with a presigned URL,
 * promotes it, follows the progress stream, and prints signed playback URLs, after playing the HLS
 * one through the edge with ffmpeg so that the URL it prints is known to play.
 */
public final class Demo {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where the demo finds the platform and what it uploads. */
    public record Settings(URI api, Path secretsFile, Path workDirectory, Duration clipLength) {

        static Settings fromEnvironment(Map<String, String> environment) {
            String home = environment.getOrDefault("REELPORT_HOME", ".");
            Path data = Path.of(home).resolve(environment.getOrDefault("REELPORT_DATA_DIR", ".reelport")).normalize();
            String api = environment.getOrDefault("REELPORT_API_URL",
                    "http://localhost:" + environment.getOrDefault("BACKEND_PORT", "8080"));
            return new Settings(URI.create(api), data.resolve("secrets.env"), data.resolve("demo"), Duration.ofSeconds(8));
        }
    }

    private final Settings settings;
    private final PrintStream out;

    public Demo(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) {
        try {
            new Demo(Settings.fromEnvironment(System.getenv()), System.out).run();
        } catch (LaunchException | ReelportClient.UnexpectedResponseException | UncheckedIOException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(1);
        }
    }

    /** @return the signed HLS URL, played to the end through the edge */
    public String run() {
        DevelopmentSecrets secrets = new SecretsFile(settings.secretsFile(), new SecureRandom(), Clock.systemUTC()).loadExisting();
        ReelportClient client = new ReelportClient(settings.api());
        out.println("1. Logging in to " + settings.api() + " as " + secrets.adminEmail());
        try {
            client.logIn(secrets.adminEmail(), secrets.adminPassword());
        } catch (UncheckedIOException unreachable) {
            throw new LaunchException("the backend does not answer at " + settings.api()
                    + ": start the platform first with scripts/run-local.sh");
        }

        FfmpegBinaries ffmpeg = FfmpegBinaries.resolve(null, null);
        Path clip = makeClip(ffmpeg);
        out.println("2. Made a " + settings.clipLength().toSeconds() + " s 720p test clip with ffmpeg: " + clip);

        String assetId = client.post("/api/assets", Map.of("title", "Reelport demo")).expect(201).text("id");
        out.println("3. Created asset " + assetId + "; uploading straight to object storage with a presigned URL");
        String uploadId = client.upload(assetId, clip, "video/mp4");

        ReelportClient.Response promoted = client.post("/api/assets/" + assetId + "/promote",
                Map.of("uploadId", uploadId, "sha256", ReelportClient.sha256(clip))).expect(202);
        String versionId = promoted.text("versionId");
        out.println("4. Promoted upload " + uploadId + " to version " + versionId + " (job " + promoted.text("jobId")
                + "); following its progress:");
        client.awaitReady(assetId, versionId, Duration.ofMinutes(5), event -> out.println("   " + describe(event, versionId)));

        JsonNode playback = client.post("/api/assets/" + assetId + "/playback", Map.of()).expect(200).body();
        String hls = playback.path("hlsUrl").asString();
        Player.Playback played = new Player(ffmpeg).play(hls);
        if (!played.playedToTheEnd()) {
            throw new LaunchException("the HLS stream did not play through the edge: " + played.errors());
        }
        out.println("5. Ready, and ffmpeg played " + String.format("%.1f", played.seconds()) + " s of it through the edge.");
        out.println();
        out.println("HLS      " + hls);
        out.println("Poster   " + playback.path("posterUrl").asString());
        out.println("MP4      " + playback.path("mp4Url").asString());
        out.println("Expires  " + playback.path("expiresAt").asString());
        out.println();
        out.println("Play it: ffplay '" + hls + "'  (or paste the HLS URL into any hls.js player page, or Safari)");
        return hls;
    }

    /** One line per server-sent event: the opening snapshot of the asset, then the version's progress. */
    static String describe(String data, String versionId) {
        JsonNode event = JSON.readTree(data);
        if (event.has("versions")) {
            for (JsonNode version : event.path("versions")) {
                if (versionId.equals(version.path("id").asString())) {
                    return "asset " + event.path("status").asString() + ", version " + version.path("status").asString();
                }
            }
            return "asset " + event.path("status").asString();
        }
        String stage = event.path("stage").isString() ? " (" + event.path("stage").asString() + ")" : "";
        return event.path("event").asString() + " " + event.path("progress").asInt() + "%" + stage + ", version "
                + event.path("versionStatus").asString();
    }

    private Path makeClip(FfmpegBinaries ffmpeg) {
        try {
            Files.createDirectories(settings.workDirectory());
            Path clip = settings.workDirectory().resolve("reelport-demo.mp4");
            String seconds = Long.toString(settings.clipLength().toSeconds());
            Process process = new ProcessBuilder(List.of(ffmpeg.ffmpeg().toString(), "-nostdin", "-y", "-v", "error",
                    "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
                    "-t", seconds, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    clip.toString()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new LaunchException("ffmpeg could not make the demo clip: " + output);
            }
            return clip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted");
        }
    }
}
