package io.reelport.backend.auth;

import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/auth")
class AuthController {

    private final UserAccounts users;

    AuthController(UserAccounts users) {
        this.users = users;
    }

    /** Who the bearer is: the user, the role in force for this request, and the API key used if any. */
    @GetMapping("/me")
    Me me(@AuthenticationPrincipal Caller caller) {
        UserAccount user = users.findById(caller.userId())
                .orElseThrow(() -> ApiProblem.notFound("user_not_found", "Your account no longer exists."));
        return new Me(user.id(), user.email(), caller.role(), user.role(), caller.apiKeyId().orElse(null),
                user.createdAt());
    }

    /**
     * @param role     the role in force for this request (an API key's role)
     * @param userRole the account's own role
     */
    record Me(UUID id, String email, Role role, Role userRole, UUID apiKeyId, Instant createdAt) {
    }
}
