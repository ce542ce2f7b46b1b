package io.reelport.backend.user;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.backend.platform.problem.ApiProblem;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    final PasswordPolicy policy = new PasswordPolicy(12);
    final EmailAddress email = EmailAddress.parse("Jane.Doe@Example.com");

    void refused(String password, String detail) {
        assertThatThrownBy(() -> policy.check(password, email)).as(password)
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    org.assertj.core.api.Assertions.assertThat(problem.code()).isEqualTo("weak_password");
                    org.assertj.core.api.Assertions.assertThat(problem.detail()).contains(detail);
                });
    }

    @Test
    void refusesShortLongRepetitiveCommonAndPersonalPasswords() {
        refused("short", "at least 12");
        refused("x".repeat(257), "at most 256");
        refused("zzzzzzzzzzzzzzzz", "more than one or two");
        refused("abababababababab", "more than one or two");
        refused("password1234", "most commonly used");
        refused("!!Qwertyuiop2024", "most commonly used");
        refused("PasswordPassword", "most commonly used");
        refused("314159265358979", "more than digits");
        refused("my jane.doe@example.com", "email");
        refused("i am jane.doe really", "email");
    }

    @Test
    void acceptsALongUncommonPassphrase() {
        assertThatCode(() -> policy.check("correct horse battery staple", email)).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("Tr0ub4dor&3-extended", email)).doesNotThrowAnyException();
    }
}
