package io.reelport.testsupport.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs ffprobe on a file and reads its JSON report, for assertions on what a pipeline produced. */
public final class Ffprobe {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Ffprobe() {
    }

    /** @throws IllegalStateException with ffprobe's message when the file is not readable media */
    public static ProbeResult probe(Path file) {
        String json = MediaProcess.run(List.of(TestFfmpeg.binaries().ffprobe().toString(),
                "-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.toString()));
        return parse(json);
    }

    /**
     * Whether ffprobe can read {@code file} at all. Many broken inputs still "probe" (ffprobe
     * guesses formats generously), so a pipeline's own checks must be stricter than this.
     */
    public static boolean isReadable(Path file) {
        return MediaProcess.runAllowingFailure(List.of(TestFfmpeg.binaries().ffprobe().toString(),
                "-v", "error", "-show_format", file.toString())).exitCode() == 0;
    }

    static ProbeResult parse(String json) {
        JsonNode root = JSON.readTree(json);
        JsonNode format = root.path("format");
        List<ProbeResult.Stream> streams = new ArrayList<>();
        for (JsonNode stream : root.path("streams")) {
            streams.add(new ProbeResult.Stream(
                    stream.path("index").asInt(0),
                    text(stream, "codec_type"),
                    text(stream, "codec_name"),
                    stream.path("width").asInt(0),
                    stream.path("height").asInt(0),
                    rate(text(stream, "avg_frame_rate")),
                    rotation(stream),
                    text(stream, "pix_fmt"),
                    number(text(stream, "sample_rate")).intValue(),
                    stream.path("channels").asInt(0)));
        }
        double seconds = number(text(format, "duration")).doubleValue();
        return new ProbeResult(text(format, "format_name"), Duration.ofMillis(Math.round(seconds * 1000)),
                number(text(format, "size")).longValue(), List.copyOf(streams));
    }

    private static int rotation(JsonNode stream) {
        for (JsonNode sideData : stream.path("side_data_list")) {
            if ("Display Matrix".equals(text(sideData, "side_data_type"))) {
                return sideData.path("rotation").asInt(0);
            }
        }
        return 0;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asString();
    }

    /** ffprobe writes most numbers as strings ("2.000000"); absent or "N/A" reads as zero. */
    private static Double number(String text) {
        try {
            return text.isEmpty() ? 0.0 : Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            return 0.0;
        }
    }

    /** {@code "30000/1001"} as frames per second; {@code "0/0"} (unknown) as zero. */
    private static double rate(String fraction) {
        int slash = fraction.indexOf('/');
        if (slash < 0) {
            return number(fraction);
        }
        double denominator = number(fraction.substring(slash + 1));
        return denominator == 0 ? 0 : number(fraction.substring(0, slash)) / denominator;
    }
}
