package io.reelport.common.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.reelport.common.keys.SecretConfigurationException;
import io.reelport.common.keys.SecretFailureAnalyzer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class PlaybackKeyPropertiesTest {

    private static final String KEYS = "k1:ZtUtybDcQi660noSA7oMIxKcP9IZb3MnVHenIZzc1yM,k2:9Z6_r7g2us0CddhUewv2JD6X5mrsxUP1lWtIK9JXmMU";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PlaybackKeyProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void bindsTheRingAndDefaultsTheSkewTo30Seconds() {
        context.withPropertyValues("reelport.playback.keys=" + KEYS, "reelport.playback.active-kid=k2").run(started -> {
            PlaybackKeyProperties properties = started.getBean(PlaybackKeyProperties.class);

            assertThat(properties.clockSkew()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.signingRing().activeKid()).isEqualTo("k2");
            assertThat(properties.verifyingRing().kids()).containsExactly("k1", "k2");
        });
    }

    @Test
    void edgeNeedsNoActiveKidButCannotSignWithoutOne() {
        context.withPropertyValues("reelport.playback.keys=" + KEYS, "reelport.playback.clock-skew=5s").run(started -> {
            PlaybackKeyProperties properties = started.getBean(PlaybackKeyProperties.class);

            assertThat(properties.verifyingRing().kids()).containsExactly("k1", "k2");
            assertThat(properties.clockSkew()).isEqualTo(Duration.ofSeconds(5));
            assertThatExceptionOfType(SecretConfigurationException.class)
                    .isThrownBy(properties::signingRing)
                    .withMessageStartingWith("PLAYBACK_ACTIVE_KID is not set");
        });
    }

    @Test
    void missingKeysStopStartupWithOneLineNamingTheVariable() {
        context.run(started -> assertThat(oneLineFailure(started.getStartupFailure()))
                .startsWith("PLAYBACK_KEYS is not set")
                .doesNotContain("\n"));
    }

    @Test
    void weakKeyStopsStartup() {
        context.withPropertyValues("reelport.playback.keys=k1:c2hvcnQ").run(started ->
                assertThat(oneLineFailure(started.getStartupFailure())).startsWith("PLAYBACK_KEYS key 'k1' has 40 bits"));
    }

    @Test
    void activeKidMustNameAKey() {
        context.withPropertyValues("reelport.playback.keys=" + KEYS, "reelport.playback.active-kid=k3").run(started ->
                assertThat(oneLineFailure(started.getStartupFailure())).startsWith("PLAYBACK_ACTIVE_KID is 'k3'"));
    }

    @Test
    void clockSkewBeyondFiveMinutesStopsStartup() {
        context.withPropertyValues("reelport.playback.keys=" + KEYS, "reelport.playback.clock-skew=10m").run(started ->
                assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("reelport.playback.clock-skew"));
    }

    @Test
    void toStringNeverShowsSecrets() {
        PlaybackKeyProperties properties = new PlaybackKeyProperties(KEYS, "k1", Duration.ofSeconds(30));

        assertThat(properties.toString()).doesNotContain("ZtUtyb").doesNotContain("9Z6_r7").contains("k1");
    }

    private static String oneLineFailure(Throwable startupFailure) {
        FailureAnalysis analysis = new SecretFailureAnalyzer().analyze(startupFailure);
        assertThat(analysis).as("a SecretConfigurationException in the cause chain of %s", startupFailure).isNotNull();
        return analysis.getDescription();
    }
}
