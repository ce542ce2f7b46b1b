package io.reelport.backend.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.backend.platform.problem.ApiProblem;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.springframework.http.HttpStatus;

/** Asserts that a use case refuses with a given status and problem code. */
public final class Refusals {

    private Refusals() {
    }

    public static void assertRefused(ThrowingCallable call, HttpStatus status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, refusal -> {
            assertThat(refusal.code()).as(refusal.getMessage()).isEqualTo(code);
            assertThat(refusal.status()).isEqualTo(status);
        });
    }
}
