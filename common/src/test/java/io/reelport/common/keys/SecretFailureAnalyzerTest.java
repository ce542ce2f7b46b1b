package io.reelport.common.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.common.jwt.JwtProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Startup with a weak secret stops with one line naming the variable, not a binding stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class SecretFailureAnalyzerTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(JwtProperties.class)
    static class NeedsJwtKeys {
    }

    @Test
    void aWeakJwtKeyStopsStartupWithOneLineNamingTheVariable(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(NeedsJwtKeys.class)
                .web(WebApplicationType.NONE)
                .run("--reelport.jwt.keys=k1:c2hvcnQ", "--reelport.jwt.active-kid=k1"))
                .hasRootCauseInstanceOf(SecretConfigurationException.class);

        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .containsPattern("(?m)^JWT_KEYS key 'k1' has 40 bits; at least 256 are required; generate one with scripts/generate-secrets.sh$")
                .contains("Set JWT_KEYS");
    }

    @Test
    void aMissingActiveKidNamesItsVariable(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(NeedsJwtKeys.class)
                .web(WebApplicationType.NONE)
                .run("--reelport.jwt.keys=k1:" + TestSecrets.secret(32)))
                .hasRootCauseInstanceOf(SecretConfigurationException.class);

        assertThat(output.getOut() + output.getErr())
                .containsPattern("(?m)^JWT_ACTIVE_KID is not set; name the kid from JWT_KEYS that signs new tokens$");
    }
}
