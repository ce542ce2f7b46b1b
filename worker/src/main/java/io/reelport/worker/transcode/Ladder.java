package io.reelport.worker.transcode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The configured rungs ({@code WORKER_LADDER}, e.g. {@code 240p:240:400,...,1080p:1080:5000}) and
 * the rule that picks the ones a source gets: a rung is named by the short side of its picture, so
 * portrait video gets the same ladder as landscape, and a source never gets a rung above its own
 * short side. A source smaller than every rung gets one rung at its own size.
 */
public record Ladder(List<Rung> rungs) {

    /** Bitrates in the ladder are for up to 30 frames a second; 60 fps gets half as much again. */
    static final double REFERENCE_FPS = 30;

    public Ladder {
        if (rungs.isEmpty()) {
            throw new IllegalArgumentException("the ladder needs at least one rung");
        }
        rungs = rungs.stream().sorted(Comparator.comparingInt(Rung::shortSide)).toList();
    }

    /** A configured rung: its name, short side in pixels, video bitrate at 30 fps. */
    public record Rung(String name, int shortSide, int kbps) {
        public Rung {
            if (!name.matches("[a-z0-9]{1,16}")) {
                throw new IllegalArgumentException("rung name must be 1-16 lower-case letters or digits: " + name);
            }
            if (shortSide < 16 || shortSide % 2 != 0) {
                throw new IllegalArgumentException("rung " + name + ": the short side must be even and at least 16");
            }
            if (kbps < 50) {
                throw new IllegalArgumentException("rung " + name + ": at least 50 kbps");
            }
        }
    }

    /** What one source gets: the rung's name, its output size and bitrates. */
    public record Variant(String name, int width, int height, int videoKbps, int maxKbps, int bufferKbits) {
        public int shortSide() {
            return Math.min(width, height);
        }
    }

    public static Ladder parse(String spec) {
        List<Rung> rungs = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] fields = part.trim().split(":");
            if (fields.length != 3) {
                throw new IllegalArgumentException("ladder rung '" + part.trim() + "' is not name:short-side:kbps");
            }
            try {
                rungs.add(new Rung(fields[0].trim().toLowerCase(Locale.ROOT), Integer.parseInt(fields[1].trim()),
                        Integer.parseInt(fields[2].trim())));
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("ladder rung '" + part.trim() + "' is not name:short-side:kbps");
            }
        }
        if (rungs.stream().map(Rung::name).distinct().count() != rungs.size()) {
            throw new IllegalArgumentException("ladder rung names must be unique: " + spec);
        }
        return new Ladder(rungs);
    }

    /**
     * The variants for a picture of {@code width x height} as displayed (after rotation) at
     * {@code fps}, smallest first.
     */
    public List<Variant> variantsFor(int width, int height, double fps) {
        int sourceShort = Math.min(width, height);
        double fpsFactor = frameRateFactor(fps);
        List<Variant> variants = new ArrayList<>();
        for (Rung rung : rungs) {
            if (rung.shortSide() <= sourceShort) {
                variants.add(variant(rung.name(), rung.shortSide(), rung.kbps() * fpsFactor, width, height));
            }
        }
        if (variants.isEmpty()) {
            Rung smallest = rungs.get(0);
            int side = even(sourceShort);
            double areaShare = (double) side * side / ((double) smallest.shortSide() * smallest.shortSide());
            variants.add(variant(side + "p", side, Math.max(100, smallest.kbps() * areaShare) * fpsFactor, width, height));
        }
        return List.copyOf(variants);
    }

    /** 1.0 up to 30 fps, rising linearly to 1.5 at 60 fps and staying there. */
    static double frameRateFactor(double fps) {
        if (!(fps > REFERENCE_FPS)) {
            return 1.0;
        }
        return 1.0 + 0.5 * (Math.min(fps, 2 * REFERENCE_FPS) - REFERENCE_FPS) / REFERENCE_FPS;
    }

    private static Variant variant(String name, int shortSide, double kbps, int sourceWidth, int sourceHeight) {
        int width;
        int height;
        if (sourceWidth >= sourceHeight) {
            height = shortSide;
            width = even((double) sourceWidth * shortSide / sourceHeight);
        } else {
            width = shortSide;
            height = even((double) sourceHeight * shortSide / sourceWidth);
        }
        int video = (int) Math.round(kbps);
        return new Variant(name, width, height, video, (int) Math.round(video * 1.1), video * 2);
    }

    /** yuv420p needs even sizes. */
    static int even(double pixels) {
        int rounded = (int) Math.round(pixels / 2) * 2;
        return Math.max(2, rounded);
    }
}
