package io.reelport.worker.transcode;

import io.reelport.common.jobs.ProbeMetadata;
import io.reelport.common.media.FfmpegBinaries;
import io.reelport.worker.job.JobControl;
import io.reelport.worker.job.JobFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a source with ffprobe and decides what it is. ffprobe guesses formats generously, so the
 * rules here are stricter: a file is media only if it has a decodable audio or video stream with a
 * duration, or is a single still picture; anything else is {@code UNSUPPORTED_MEDIA}, which no
 * retry can fix.
 */
public final class ProbingMedia {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Codecs of still pictures when they come alone in an image container. */
    private static final Set<String> STILL_CODECS = Set.of("mjpeg", "png", "webp", "bmp", "tiff", "jpeg2000", "jpegxl");
    /** Formats that "probe" as video but are text. */
    private static final Set<String> TEXT_FORMATS = Set.of("tty", "srt", "webvtt", "ass", "microdvd", "subviewer");

    private final FfmpegBinaries binaries;

    public ProbingMedia(FfmpegBinaries binaries) {
        this.binaries = binaries;
    }

    public ProbedMedia probe(Path file) {
        FfmpegRun.Result result = FfmpegRun.run(List.of(binaries.ffprobe().toString(), "-v", "error",
                        "-print_format", "json", "-show_format", "-show_streams", file.toString()),
                file.getParent(), Duration.ofMinutes(2), JobControl.DETACHED, 0, fraction -> { }, true);
        if (result.exitCode() != 0) {
            throw JobFailure.permanent(JobFailure.UNSUPPORTED_MEDIA,
                    "the file is not readable media: " + firstLine(result.stderrTail(), file));
        }
        try {
            return classify(JSON.readTree(result.stdout()));
        } catch (JacksonException unreadable) {
            throw JobFailure.permanent(JobFailure.UNSUPPORTED_MEDIA, "ffprobe gave no readable report for the file", unreadable);
        }
    }

    static ProbedMedia classify(JsonNode root) {
        JsonNode format = root.path("format");
        String formatName = text(format, "format_name");
        if (formatName == null || TEXT_FORMATS.contains(formatName)) {
            throw JobFailure.permanent(JobFailure.UNSUPPORTED_MEDIA, "the file is not audio, video or a picture (format "
                    + formatName + ")");
        }
        JsonNode video = null;
        JsonNode audio = null;
        List<ProbeMetadata.Stream> streams = new ArrayList<>();
        for (JsonNode stream : root.path("streams")) {
            String type = text(stream, "codec_type");
            boolean attachedPicture = stream.path("disposition").path("attached_pic").asInt(0) == 1;
            Double rate = frameRate(stream);
            streams.add(new ProbeMetadata.Stream(stream.path("index").asInt(), type, text(stream, "codec_name"),
                    positive(stream.path("width").asInt(0)), positive(stream.path("height").asInt(0)),
                    "video".equals(type) ? rate : null, positive(stream.path("channels").asInt(0)),
                    positive((int) number(text(stream, "sample_rate")))));
            if ("video".equals(type) && !attachedPicture && video == null && stream.path("width").asInt(0) > 0
                    && !"ansi".equals(text(stream, "codec_name"))) {
                video = stream;
            } else if ("audio".equals(type) && audio == null && stream.path("channels").asInt(0) > 0) {
                audio = stream;
            }
        }
        double duration = number(text(format, "duration"));
        boolean still = video != null && audio == null && STILL_CODECS.contains(text(video, "codec_name"))
                && (formatName.equals("image2") || formatName.endsWith("_pipe") || formatName.equals("webp_pipe"));
        ProbedMedia.Kind kind;
        if (still) {
            kind = ProbedMedia.Kind.IMAGE;
        } else if (video != null && duration > 0) {
            kind = ProbedMedia.Kind.VIDEO;
        } else if (audio != null && duration > 0) {
            kind = ProbedMedia.Kind.AUDIO;
        } else {
            throw JobFailure.permanent(JobFailure.UNSUPPORTED_MEDIA, "the file has no audio or video stream with a duration"
                    + " (format " + formatName + ")");
        }
        int rotation = video == null ? 0 : rotation(video);
        int width = video == null ? 0 : video.path("width").asInt();
        int height = video == null ? 0 : video.path("height").asInt();
        boolean quarterTurn = Math.abs(rotation) % 180 == 90;
        int displayWidth = quarterTurn ? height : width;
        int displayHeight = quarterTurn ? width : height;
        Double fps = video == null ? null : frameRate(video);
        ProbeMetadata metadata = new ProbeMetadata(
                kind == ProbedMedia.Kind.IMAGE ? null : duration,
                formatName,
                format.has("bit_rate") ? (long) number(text(format, "bit_rate")) : null,
                video == null ? null : displayWidth,
                video == null ? null : displayHeight,
                rotation,
                kind == ProbedMedia.Kind.VIDEO ? fps : null,
                video == null ? null : text(video, "codec_name"),
                audio == null ? null : text(audio, "codec_name"),
                audio == null ? null : audio.path("channels").asInt(),
                audio == null ? null : (int) number(text(audio, "sample_rate")),
                List.copyOf(streams));
        return new ProbedMedia(kind, metadata, displayWidth, displayHeight, kind == ProbedMedia.Kind.IMAGE ? 0 : duration,
                fps == null || fps <= 0 ? 25 : fps, audio != null && kind != ProbedMedia.Kind.IMAGE);
    }

    private static int rotation(JsonNode stream) {
        for (JsonNode sideData : stream.path("side_data_list")) {
            if ("Display Matrix".equals(text(sideData, "side_data_type")) && sideData.has("rotation")) {
                return normalise(sideData.path("rotation").asInt(0));
            }
        }
        String tag = text(stream.path("tags"), "rotate");
        return tag == null ? 0 : normalise((int) number(tag));
    }

    /** -270..270 as ffprobe may write them, folded into -90, 0, 90, 180. */
    private static int normalise(int degrees) {
        int folded = ((degrees % 360) + 360) % 360;
        return folded == 270 ? -90 : folded;
    }

    private static Double frameRate(JsonNode stream) {
        for (String field : new String[] {"avg_frame_rate", "r_frame_rate"}) {
            String fraction = text(stream, field);
            if (fraction == null) {
                continue;
            }
            int slash = fraction.indexOf('/');
            double value = slash < 0 ? number(fraction)
                    : number(fraction.substring(slash + 1)) == 0 ? 0
                    : number(fraction.substring(0, slash)) / number(fraction.substring(slash + 1));
            if (value > 0 && value < 1000) {
                return Math.round(value * 1000) / 1000.0;
            }
        }
        return null;
    }

    private static Integer positive(int value) {
        return value > 0 ? value : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    private static double number(String text) {
        try {
            return text == null ? 0 : Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    private static String firstLine(String stderr, Path file) {
        String line = stderr == null || stderr.isBlank() ? "ffprobe failed" : stderr.strip().lines().findFirst().orElse("");
        return line.replace(file.toString(), file.getFileName().toString());
    }
}
