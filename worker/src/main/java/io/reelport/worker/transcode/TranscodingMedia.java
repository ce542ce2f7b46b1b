package io.reelport.worker.transcode;

import io.reelport.common.jobs.Rendition;
import io.reelport.common.media.FfmpegBinaries;
import io.reelport.worker.job.JobControl;
import io.reelport.worker.job.JobFailure;
import io.reelport.worker.platform.WorkerProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a probed source into the preview set, with one ffmpeg process that decodes the source
 * once and feeds every output from that decode: each HLS rung (split and scaled in a cascade),
 * the poster and the thumbnails, and the small MP4 unless a rung of the same size and bitrate can
 * simply be remuxed into it. Only that remux and the sprite sheets (tiles of the thumbnails
 * already made) take a second, tiny process.
 *
 * <p>Every rung gets a keyframe at each segment boundary ({@code -force_key_frames} on the
 * segment length, scene-cut keyframes off), so segments of all rungs line up and players switch
 * rungs cleanly. Segments are fMP4, the one format that hls.js, Safari and ffmpeg all play.
 */
public final class TranscodingMedia {

    private static final Pattern STREAM_INF = Pattern.compile("#EXT-X-STREAM-INF:(.*)");
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z-]+)=(\"[^\"]*\"|[^,]*)");
    private static final int SPRITE_COLUMNS = 10;
    private static final int SPRITE_MAX_ROWS = 10;
    private static final int POSTER_MAX_SHORT_SIDE = 720;
    private static final int WAVEFORM_SAMPLE_RATE = 8000;
    private static final int MP4_AUDIO_KBPS = 96;
    private static final String MP4 = "preview.mp4";
    private static final String POSTER = "poster.jpg";

    private final FfmpegBinaries binaries;
    private final WorkerProperties.Ffmpeg ffmpeg;
    private final WorkerProperties.Previews previews;
    private final Ladder ladder;
    private final boolean nvenc;

    /** @param nvenc whether NVENC was asked for and found working (see {@link ChoosingEncoder}) */
    public TranscodingMedia(FfmpegBinaries binaries, WorkerProperties.Ffmpeg ffmpeg, WorkerProperties.Previews previews,
                            boolean nvenc) {
        this.binaries = binaries;
        this.ffmpeg = ffmpeg;
        this.previews = previews;
        this.ladder = Ladder.parse(previews.ladder());
        this.nvenc = nvenc;
    }

    public Ladder ladder() {
        return ladder;
    }

    /** Writes the previews of {@code source} into {@code output} (created, expected empty). */
    public Transcoded transcode(ProbedMedia media, Path source, Path output, JobControl control) {
        return transcode(media, source, output, control, segment -> { });
    }

    /**
     * Writes the previews of {@code source} into {@code output} (created, expected empty), handing
     * each HLS media segment to {@code finishedSegment} (its path under {@code output}) as soon as
     * ffmpeg has finished writing it, while the rest is still being encoded.
     */
    public Transcoded transcode(ProbedMedia media, Path source, Path output, JobControl control,
                                Consumer<String> finishedSegment) {
        try {
            Files.createDirectories(output);
            return switch (media.kind()) {
                case VIDEO -> video(media, source, output, control, finishedSegment);
                case AUDIO -> audio(media, source, output, control, finishedSegment);
                case IMAGE -> image(media, source, output, control);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write previews in " + output, e);
        }
    }

    /**
     * The ffmpeg commands for a video source, run one after the other in the output directory:
     * the single pass, then (when a rung can serve as the small MP4) its remux. Public so that the
     * benchmark runs exactly these.
     */
    public List<List<String>> videoCommands(ProbedMedia media, Path source, List<Ladder.Variant> variants, double thumbInterval) {
        Optional<Ladder.Variant> mp4Rung = mp4Rung(media, variants);
        List<List<String>> commands = new ArrayList<>();
        commands.add(videoCommand(media, source, variants, thumbInterval, mp4Rung.isEmpty()));
        mp4Rung.ifPresent(rung -> commands.add(List.of(binaries.ffmpeg().toString(), "-hide_banner", "-nostdin", "-y",
                "-loglevel", "error", "-i", "hls/" + rung.name() + "/index.m3u8", "-map", "0", "-c", "copy",
                "-movflags", "+faststart", MP4)));
        return commands;
    }

    private List<String> videoCommand(ProbedMedia media, Path source, List<Ladder.Variant> variants, double thumbInterval,
                                      boolean encodeMp4) {
        int segment = previews.segmentSeconds();
        int gop = Math.max(1, (int) Math.round(media.frameRate() * segment));
        Ladder.Variant mp4 = mp4Variant(media);
        Ladder.Variant poster = posterVariant(variants);
        int[] thumb = thumbnailSize(media);
        List<String> command = baseCommand(source);

        // Cascaded scaling: the largest rung is scaled from the source and every smaller one from the
        // rung above it, so each scaler reads a picture at most one rung bigger than its output
        // instead of the full source (the scalers cost as much as a low rung's encoder otherwise).
        StringBuilder graph = new StringBuilder("[0:v:0]split=").append(encodeMp4 ? 4 : 3).append("[ladder][vposter][vthumb]")
                .append(encodeMp4 ? "[vmp4]" : "");
        String input = "ladder";
        for (int i = variants.size() - 1; i >= 0; i--) {
            Ladder.Variant variant = variants.get(i);
            graph.append(";[").append(input).append("]scale=").append(variant.width()).append(':').append(variant.height())
                    .append(",setsar=1,format=yuv420p");
            if (i > 0) {
                input = "c" + i;
                graph.append(",split=2[o").append(i).append("][").append(input).append(']');
            } else {
                graph.append("[o0]");
            }
        }
        if (encodeMp4) {
            graph.append(";[vmp4]scale=").append(mp4.width()).append(':').append(mp4.height()).append(",setsar=1,format=yuv420p[omp4]");
        }
        // The poster comes from the same decode: frames before its time are dropped unscaled, and the
        // branch ends after its one frame so that no later frame is scaled for it.
        graph.append(";[vposter]trim=start=").append(format(posterSeconds(media))).append(",trim=end_frame=1,scale=")
                .append(poster.width()).append(':').append(poster.height()).append("[oposter]");
        graph.append(";[vthumb]fps=1/").append(format(thumbInterval)).append(",scale=").append(thumb[0]).append(':')
                .append(thumb[1]).append("[othumb]");
        command.addAll(List.of("-filter_complex", graph.toString()));

        // 1. the HLS ladder
        for (int i = 0; i < variants.size(); i++) {
            command.addAll(List.of("-map", "[o" + i + "]"));
        }
        if (media.hasAudio()) {
            for (int i = 0; i < variants.size(); i++) {
                command.addAll(List.of("-map", "0:a:0"));
            }
        }
        command.addAll(videoEncoder());
        for (int i = 0; i < variants.size(); i++) {
            Ladder.Variant variant = variants.get(i);
            command.addAll(List.of("-b:v:" + i, variant.videoKbps() + "k", "-maxrate:v:" + i, variant.maxKbps() + "k",
                    "-bufsize:v:" + i, variant.bufferKbits() + "k"));
        }
        command.addAll(List.of("-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop), "-sc_threshold", "0",
                "-force_key_frames", "expr:gte(t,n_forced*" + segment + ")"));
        if (media.hasAudio()) {
            command.addAll(audioEncoder(previews.audioKbps()));
        }
        StringBuilder streamMap = new StringBuilder();
        for (int i = 0; i < variants.size(); i++) {
            streamMap.append(i == 0 ? "" : " ").append("v:").append(i).append(media.hasAudio() ? ",a:" + i : "")
                    .append(",name:").append(variants.get(i).name());
        }
        command.addAll(hlsMuxer(streamMap.toString()));

        // 2. the small progressive MP4, when no rung can be remuxed into it
        if (encodeMp4) {
            command.addAll(List.of("-map", "[omp4]"));
            if (media.hasAudio()) {
                command.addAll(List.of("-map", "0:a:0"));
            }
            command.addAll(videoEncoder());
            command.addAll(List.of("-b:v", mp4.videoKbps() + "k", "-maxrate", mp4.maxKbps() + "k", "-bufsize", mp4.bufferKbits() + "k"));
            if (media.hasAudio()) {
                command.addAll(audioEncoder(MP4_AUDIO_KBPS));
            }
            command.addAll(List.of("-movflags", "+faststart", MP4));
        }

        // 3. the poster, and the thumbnails (tiled into sprites afterwards)
        command.addAll(List.of("-map", "[oposter]", "-frames:v", "1", "-q:v", "3", "-update", "1", POSTER));
        command.addAll(List.of("-map", "[othumb]", "-q:v", "5", "-start_number", "1", "thumbs/t_%05d.jpg"));
        return command;
    }

    private Transcoded video(ProbedMedia media, Path source, Path output, JobControl control,
                             Consumer<String> finishedSegment) throws IOException {
        List<Ladder.Variant> variants = ladder.variantsFor(media.displayWidth(), media.displayHeight(), media.frameRate());
        double interval = Math.max(1, Math.ceil(media.durationSeconds() / previews.maxThumbnails()));
        Files.createDirectories(output.resolve("hls"));
        Files.createDirectories(output.resolve("thumbs"));
        List<String> rungs = variants.stream().map(Ladder.Variant::name).toList();
        List<List<String>> commands = videoCommands(media, source, variants, interval);
        try (WatchingSegments ignored = WatchingSegments.start(output, rungs, finishedSegment)) {
            runFfmpeg(commands.get(0), output, media.durationSeconds(), control, true);
        }
        for (List<String> remux : commands.subList(1, commands.size())) {
            runFfmpeg(remux, output, 0, control, false);
        }
        normaliseInitSegments(output, rungs);

        List<Rendition> renditions = new ArrayList<>();
        Map<String, Map<String, String>> master = masterAttributes(output.resolve("hls/master.m3u8"));
        renditions.add(new Rendition("master", Rendition.Kind.HLS_MASTER, "hls/master.m3u8", null, null,
                null, null, size(output.resolve("hls/master.m3u8")), media.durationSeconds()));
        for (Ladder.Variant variant : variants) {
            Map<String, String> attributes = master.getOrDefault(variant.name() + "/index.m3u8", Map.of());
            renditions.add(new Rendition(variant.name(), Rendition.Kind.HLS_VIDEO, "hls/" + variant.name() + "/index.m3u8",
                    variant.width(), variant.height(), integer(attributes.get("BANDWIDTH")),
                    unquote(attributes.get("CODECS")), directorySize(output.resolve("hls").resolve(variant.name())),
                    media.durationSeconds()));
        }
        Ladder.Variant mp4 = mp4Variant(media);
        renditions.add(new Rendition("mp4", Rendition.Kind.MP4, MP4, mp4.width(), mp4.height(), null, null,
                size(output.resolve(MP4)), media.durationSeconds()));
        renditions.add(image("poster", Rendition.Kind.POSTER, POSTER, posterVariant(variants), output));
        renditions.addAll(sprites(media, output, interval, control));
        return new Transcoded(output, renditions, media.durationSeconds());
    }

    private List<Rendition> sprites(ProbedMedia media, Path output, double interval, JobControl control) throws IOException {
        Path thumbs = output.resolve("thumbs");
        List<Path> frames;
        try (Stream<Path> listing = Files.list(thumbs)) {
            frames = listing.filter(path -> path.getFileName().toString().startsWith("t_")).sorted().toList();
        }
        if (frames.isEmpty()) {
            throw JobFailure.permanent(JobFailure.TRANSCODE_FAILED, "ffmpeg produced no thumbnails from the video");
        }
        int[] size = thumbnailSize(media);
        int columns = Math.min(SPRITE_COLUMNS, frames.size());
        int rows = Math.min(SPRITE_MAX_ROWS, (frames.size() + columns - 1) / columns);
        runFfmpeg(List.of(binaries.ffmpeg().toString(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                "-framerate", "1", "-start_number", "1", "-i", "t_%05d.jpg", "-vf", "tile=" + columns + "x" + rows,
                "-q:v", "5", "-start_number", "0", "sprite_%03d.jpg"), thumbs, 0, control, false);
        for (Path frame : frames) {
            Files.delete(frame);
        }
        ThumbnailTrack track = new ThumbnailTrack(frames.size(), interval, media.durationSeconds(), size[0], size[1], columns, rows);
        Files.writeString(thumbs.resolve("thumbnails.vtt"), track.toWebVtt());
        List<Rendition> renditions = new ArrayList<>();
        renditions.add(new Rendition("thumbnails", Rendition.Kind.THUMBNAILS_VTT, "thumbs/thumbnails.vtt", size[0], size[1],
                null, null, size(thumbs.resolve("thumbnails.vtt")), media.durationSeconds()));
        for (int sheet = 0; sheet < track.sheets(); sheet++) {
            String name = ThumbnailTrack.spriteName(sheet);
            if (!Files.isRegularFile(thumbs.resolve(name))) {
                throw JobFailure.permanent(JobFailure.TRANSCODE_FAILED, "ffmpeg did not write thumbnail sheet " + name);
            }
            renditions.add(new Rendition("sprite" + sheet, Rendition.Kind.THUMBNAIL_SPRITE, "thumbs/" + name,
                    columns * size[0], rows * size[1], null, null, size(thumbs.resolve(name)), null));
        }
        return renditions;
    }

    private Transcoded audio(ProbedMedia media, Path source, Path output, JobControl control,
                             Consumer<String> finishedSegment) throws IOException {
        Files.createDirectories(output.resolve("hls"));
        List<String> command = baseCommand(source);
        command.addAll(List.of("-filter_complex", "[0:a:0]asplit=3[ahls][apic][araw];"
                + "[apic]aformat=channel_layouts=mono,showwavespic=s=1800x240:colors=0x4f8ef7[wave];"
                + "[araw]aresample=" + WAVEFORM_SAMPLE_RATE + ",aformat=sample_fmts=s16:channel_layouts=mono[samples]"));
        command.addAll(List.of("-map", "[ahls]"));
        command.addAll(audioEncoder(previews.audioKbps()));
        command.addAll(hlsMuxer("a:0,name:audio"));
        command.addAll(List.of("-map", "[wave]", "-frames:v", "1", "-update", "1", "waveform.png"));
        command.addAll(List.of("-map", "[samples]", "-c:a", "pcm_s16le", "-f", "s16le", "waveform.raw"));
        try (WatchingSegments ignored = WatchingSegments.start(output, List.of("audio"), finishedSegment)) {
            runFfmpeg(command, output, media.durationSeconds(), control, true);
        }
        normaliseInitSegments(output, List.of("audio"));
        writeWaveformJson(output.resolve("waveform.raw"), output.resolve("waveform.json"), media.durationSeconds());
        Files.delete(output.resolve("waveform.raw"));

        Map<String, String> attributes = masterAttributes(output.resolve("hls/master.m3u8"))
                .getOrDefault("audio/index.m3u8", Map.of());
        return new Transcoded(output, List.of(
                new Rendition("master", Rendition.Kind.HLS_MASTER, "hls/master.m3u8", null, null, null, null,
                        size(output.resolve("hls/master.m3u8")), media.durationSeconds()),
                new Rendition("audio", Rendition.Kind.HLS_AUDIO, "hls/audio/index.m3u8", null, null,
                        integer(attributes.get("BANDWIDTH")), unquote(attributes.get("CODECS")),
                        directorySize(output.resolve("hls/audio")), media.durationSeconds()),
                new Rendition("waveform", Rendition.Kind.WAVEFORM, "waveform.png", 1800, 240, null, null,
                        size(output.resolve("waveform.png")), media.durationSeconds()),
                new Rendition("waveform-data", Rendition.Kind.WAVEFORM, "waveform.json", null, null, null, null,
                        size(output.resolve("waveform.json")), media.durationSeconds())),
                media.durationSeconds());
    }

    private Transcoded image(ProbedMedia media, Path source, Path output, JobControl control) throws IOException {
        List<Ladder.Variant> variants = ladder.variantsFor(media.displayWidth(), media.displayHeight(), 1);
        Ladder.Variant poster = posterVariant(variants);
        Files.createDirectories(output.resolve("image"));
        List<String> command = baseCommand(source);
        StringBuilder graph = new StringBuilder("[0:v:0]split=").append(variants.size() + 1);
        for (int i = 0; i <= variants.size(); i++) {
            graph.append("[i").append(i).append(']');
        }
        for (int i = 0; i <= variants.size(); i++) {
            Ladder.Variant variant = i < variants.size() ? variants.get(i) : poster;
            graph.append(";[i").append(i).append("]scale=").append(variant.width()).append(':').append(variant.height())
                    .append(",setsar=1[o").append(i).append(']');
        }
        command.addAll(List.of("-filter_complex", graph.toString()));
        List<Rendition> renditions = new ArrayList<>();
        for (int i = 0; i <= variants.size(); i++) {
            String path = i < variants.size() ? "image/" + variants.get(i).name() + ".jpg" : POSTER;
            command.addAll(List.of("-map", "[o" + i + "]", "-frames:v", "1", "-q:v", "3", "-update", "1", path));
        }
        runFfmpeg(command, output, 0, control, false);
        for (Ladder.Variant variant : variants) {
            renditions.add(image(variant.name(), Rendition.Kind.IMAGE, "image/" + variant.name() + ".jpg", variant, output));
        }
        renditions.add(image("poster", Rendition.Kind.POSTER, POSTER, poster, output));
        return new Transcoded(output, renditions, 0);
    }

    private List<String> baseCommand(Path source) {
        return new ArrayList<>(List.of(binaries.ffmpeg().toString(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                "-progress", "pipe:1", "-nostats", "-stats_period", "1", "-i", source.toString()));
    }

    private List<String> videoEncoder() {
        List<String> encoder = new ArrayList<>();
        if (nvenc) {
            encoder.addAll(List.of("-c:v", "h264_nvenc", "-preset", "p4", "-rc", "vbr", "-profile:v", "high"));
        } else {
            encoder.addAll(List.of("-c:v", "libx264", "-preset", ffmpeg.preset(), "-profile:v", "high"));
        }
        if (ffmpeg.threads() > 0) {
            encoder.addAll(List.of("-threads", Integer.toString(ffmpeg.threads())));
        }
        return encoder;
    }

    private static List<String> audioEncoder(int kbps) {
        return List.of("-c:a", "aac", "-b:a", kbps + "k", "-ac", "2", "-ar", "48000");
    }

    private List<String> hlsMuxer(String streamMap) {
        return List.of("-f", "hls", "-hls_time", Integer.toString(previews.segmentSeconds()), "-hls_playlist_type", "vod",
                "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4", "-hls_flags", "independent_segments",
                "-start_number", "1", "-hls_segment_filename", "hls/%v/seg_%05d.m4s", "-master_pl_name", "master.m3u8",
                "-var_stream_map", streamMap, "hls/%v/index.m3u8");
    }

    private void runFfmpeg(List<String> command, Path directory, double mediaSeconds, JobControl control, boolean main) {
        Duration timeout = main ? timeoutFor(mediaSeconds) : ffmpeg.minTimeout();
        FfmpegRun.Result result = FfmpegRun.run(command, directory, timeout, control, mediaSeconds,
                fraction -> control.progress(JobControl.Stage.TRANSCODE, fraction), false);
        if (result.exitCode() != 0) {
            String detail = result.stderrTail().isBlank() ? "no message" : result.stderrTail().strip().lines()
                    .reduce((first, second) -> second).orElse("");
            // Killed by a signal (OOM killer, operator): the input is not to blame, so try again.
            if (result.exitCode() > 128) {
                throw JobFailure.retryable(JobFailure.TRANSCODE_FAILED, "ffmpeg was killed (exit " + result.exitCode() + ")", null);
            }
            throw JobFailure.permanent(JobFailure.TRANSCODE_FAILED, "ffmpeg could not transcode the source (exit "
                    + result.exitCode() + "): " + detail);
        }
    }

    /** The time a transcode of {@code mediaSeconds} may take before ffmpeg is considered hung. */
    public Duration timeoutFor(double mediaSeconds) {
        long millis = Math.round(mediaSeconds * ffmpeg.timeoutFactor() * 1000);
        Duration relative = Duration.ofMillis(millis);
        return relative.compareTo(ffmpeg.minTimeout()) > 0 ? relative : ffmpeg.minTimeout();
    }

    /**
     * ffmpeg names each rung's init segment {@code init_<n>.mp4} when it writes several rungs; the
     * layout promises {@code init.mp4} in every rung's directory.
     */
    private static void normaliseInitSegments(Path output, List<String> names) throws IOException {
        for (int i = 0; i < names.size(); i++) {
            Path directory = output.resolve("hls").resolve(names.get(i));
            Path numbered = directory.resolve("init_" + i + ".mp4");
            if (Files.isRegularFile(numbered)) {
                Files.move(numbered, directory.resolve("init.mp4"));
                Path playlist = directory.resolve("index.m3u8");
                Files.writeString(playlist, Files.readString(playlist)
                        .replace("URI=\"init_" + i + ".mp4\"", "URI=\"init.mp4\""));
            }
            if (!Files.isRegularFile(directory.resolve("init.mp4"))) {
                throw JobFailure.permanent(JobFailure.TRANSCODE_FAILED, "ffmpeg wrote no init segment for rung " + names.get(i));
            }
        }
    }

    /** Attributes of each variant in a master playlist, by its URI. */
    static Map<String, Map<String, String>> masterAttributes(Path master) throws IOException {
        if (!Files.isRegularFile(master)) {
            throw JobFailure.permanent(JobFailure.TRANSCODE_FAILED, "ffmpeg wrote no master playlist");
        }
        Map<String, Map<String, String>> variants = new HashMap<>();
        Map<String, String> pending = null;
        for (String line : Files.readAllLines(master)) {
            Matcher inf = STREAM_INF.matcher(line);
            if (inf.matches()) {
                pending = new HashMap<>();
                Matcher attribute = ATTRIBUTE.matcher(inf.group(1));
                while (attribute.find()) {
                    pending.put(attribute.group(1), attribute.group(2));
                }
            } else if (pending != null && !line.isBlank() && !line.startsWith("#")) {
                variants.put(line.trim(), pending);
                pending = null;
            }
        }
        return variants;
    }

    private void writeWaveformJson(Path raw, Path json, double durationSeconds) throws IOException {
        long samples = Files.size(raw) / 2;
        int peaks = (int) Math.max(1, Math.min(1000, Math.min(samples, Math.round(durationSeconds * 20))));
        long perPeak = Math.max(1, (samples + peaks - 1) / peaks);
        float[] values = new float[peaks];
        try (InputStream in = Files.newInputStream(raw)) {
            byte[] buffer = new byte[64 * 1024];
            long index = 0;
            int read;
            int carry = -1;
            while ((read = in.read(buffer)) > 0) {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read).order(ByteOrder.LITTLE_ENDIAN);
                if (carry >= 0 && bytes.hasRemaining()) {
                    short sample = (short) ((carry & 0xff) | (bytes.get() << 8));
                    index = record(values, index, perPeak, sample);
                    carry = -1;
                }
                while (bytes.remaining() >= 2) {
                    index = record(values, index, perPeak, bytes.getShort());
                }
                if (bytes.hasRemaining()) {
                    carry = bytes.get();
                }
            }
        }
        StringBuilder out = new StringBuilder("{\"version\":1,\"sampleRate\":").append(WAVEFORM_SAMPLE_RATE)
                .append(",\"samplesPerPeak\":").append(perPeak).append(",\"durationSeconds\":").append(format(durationSeconds))
                .append(",\"peaks\":[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", values[i]));
        }
        Files.writeString(json, out.append("]}").toString());
    }

    private static long record(float[] values, long index, long perPeak, short sample) {
        int slot = (int) Math.min(values.length - 1, index / perPeak);
        values[slot] = Math.max(values[slot], Math.abs(sample / 32768f));
        return index + 1;
    }

    private Ladder.Variant mp4Variant(ProbedMedia media) {
        int sourceShort = Math.min(media.displayWidth(), media.displayHeight());
        int shortSide = Ladder.even(Math.min(previews.mp4ShortSide(), sourceShort));
        List<Ladder.Variant> one = new Ladder(List.of(new Ladder.Rung("mp4", Math.max(16, shortSide), previews.mp4VideoKbps())))
                .variantsFor(media.displayWidth(), media.displayHeight(), media.frameRate());
        return one.get(0);
    }

    /**
     * The rung that is the small MP4 already (same size and bitrate), if the ladder has one: the
     * MP4 is then a remux of that rung (with the rung's audio) instead of another encode.
     */
    private Optional<Ladder.Variant> mp4Rung(ProbedMedia media, List<Ladder.Variant> variants) {
        Ladder.Variant mp4 = mp4Variant(media);
        return variants.stream().filter(variant -> variant.width() == mp4.width() && variant.height() == mp4.height()
                && variant.videoKbps() == mp4.videoKbps()).findFirst();
    }

    /** The poster shows the frame at 10 % of the duration, at most 10 s in (past titles and fades). */
    private static double posterSeconds(ProbedMedia media) {
        return media.durationSeconds() > 1 ? Math.min(media.durationSeconds() * 0.1, 10) : 0;
    }

    private static Ladder.Variant posterVariant(List<Ladder.Variant> variants) {
        Ladder.Variant chosen = variants.get(0);
        for (Ladder.Variant variant : variants) {
            if (variant.shortSide() <= POSTER_MAX_SHORT_SIDE) {
                chosen = variant;
            }
        }
        return chosen;
    }

    /** Thumbnails are {@code thumbnailWidth} on their long side. */
    private int[] thumbnailSize(ProbedMedia media) {
        int longSide = previews.thumbnailWidth();
        int w = media.displayWidth();
        int h = media.displayHeight();
        return w >= h ? new int[] {Ladder.even(longSide), Ladder.even((double) longSide * h / w)}
                : new int[] {Ladder.even((double) longSide * w / h), Ladder.even(longSide)};
    }

    private static Rendition image(String name, Rendition.Kind kind, String path, Ladder.Variant size, Path output) {
        return new Rendition(name, kind, path, size.width(), size.height(), null, null, size(output.resolve(path)), null);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw JobFailure.permanent(JobFailure.TRANSCODE_FAILED, "ffmpeg did not write " + file.getFileName(), e);
        }
    }

    private static long directorySize(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(TranscodingMedia::size).sum();
        }
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static String unquote(String value) {
        return value == null ? null : value.replace("\"", "");
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
