package io.reelport.backend.platform.ratelimit;

import java.time.Duration;

/**
 * The state of one key after a hit or a look.
 *
 * @param allowed    false once the key has used up its permits in the current window
 * @param count      hits counted in the current window
 * @param retryAfter until the window ends (zero when nothing is counted)
 */
public record RateDecision(boolean allowed, long count, Duration retryAfter) {
}
