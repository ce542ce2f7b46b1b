package io.reelport.common.playback;

/** The outcome of {@link PlaybackTokenVerifier#verify}: either a grant or a reason to refuse. */
public sealed interface Verification {

    boolean isGranted();

    record Granted(PlaybackGrant grant) implements Verification {

        @Override
        public boolean isGranted() {
            return true;
        }
    }

    /**
     * A refusal. The verifier hands out one shared instance per reason, so that a flood of bad
     * requests costs no allocation.
     */
    record Rejected(PlaybackRejection reason) implements Verification {

        private static final Rejected[] SHARED = shareOnePerReason();

        static Rejected of(PlaybackRejection reason) {
            return SHARED[reason.ordinal()];
        }

        private static Rejected[] shareOnePerReason() {
            PlaybackRejection[] reasons = PlaybackRejection.values();
            Rejected[] shared = new Rejected[reasons.length];
            for (PlaybackRejection reason : reasons) {
                shared[reason.ordinal()] = new Rejected(reason);
            }
            return shared;
        }

        @Override
        public boolean isGranted() {
            return false;
        }
    }
}
