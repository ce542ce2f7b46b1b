package io.reelport.backend.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.backend.platform.problem.ApiProblem;
import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @Test
    void normalisesCaseAndSurroundingSpace() {
        assertThat(EmailAddress.parse("  Ann.Lee@Example.COM\t").value()).isEqualTo("ann.lee@example.com");
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        for (String bad : new String[] {"", "ann", "ann@", "@example.com", "ann@example", "a b@example.com",
                "ann@@example.com", "x".repeat(300) + "@example.com"}) {
            assertThatThrownBy(() -> EmailAddress.parse(bad)).as(bad).isInstanceOfSatisfying(ApiProblem.class,
                    problem -> assertThat(problem.code()).isEqualTo("invalid_email"));
        }
        assertThatThrownBy(() -> EmailAddress.parse(null)).isInstanceOf(ApiProblem.class);
    }
}
