package io.reelport.backend.auth;

import io.reelport.backend.platform.http.ClientAddress;
import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.backend.user.RegisteringUser;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/auth")
class AuthController {

    private final UserAccounts users;
    private final RegisteringUser registering;
    private final LoggingIn loggingIn;
    private final RefreshingSession refreshing;
    private final LoggingOut loggingOut;
    private final ClientAddress clientAddress;

    AuthController(UserAccounts users, RegisteringUser registering, LoggingIn loggingIn, RefreshingSession refreshing,
            LoggingOut loggingOut, ClientAddress clientAddress) {
        this.users = users;
        this.registering = registering;
        this.loggingIn = loggingIn;
        this.refreshing = refreshing;
        this.loggingOut = loggingOut;
        this.clientAddress = clientAddress;
    }

    /** Creates a viewer account when registration is open; log in afterwards. */
    @PostMapping("/register")
    ResponseEntity<Me> register(@Valid @RequestBody Registration request) {
        UserAccount user = registering.register(request.email(), request.password());
        return ResponseEntity.created(URI.create("/api/auth/me"))
                .body(new Me(user.id(), user.email(), user.role(), user.role(), null, user.createdAt()));
    }

    @PostMapping("/login")
    SessionTokens.TokenPair login(@Valid @RequestBody Login request, HttpServletRequest http) {
        return loggingIn.login(request.email(), request.password(), clientAddress.of(http));
    }

    @PostMapping("/refresh")
    SessionTokens.TokenPair refresh(@Valid @RequestBody RefreshRequest request) {
        return refreshing.refresh(request.refreshToken());
    }

    /** Ends the session the refresh token belongs to; always 204, whatever the token was. */
    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@Valid @RequestBody RefreshRequest request) {
        loggingOut.logout(request.refreshToken());
    }

    /** Who the bearer is: the user, the role in force for this request, and the API key used if any. */
    @GetMapping("/me")
    Me me(@AuthenticationPrincipal Caller caller) {
        UserAccount user = users.findById(caller.userId())
                .orElseThrow(() -> ApiProblem.notFound("user_not_found", "Your account no longer exists."));
        return new Me(user.id(), user.email(), caller.role(), user.role(), caller.apiKeyId().orElse(null),
                user.createdAt());
    }

    record Registration(@NotBlank String email, @NotBlank String password) {
    }

    record Login(@NotBlank @Size(max = 320) String email, @NotBlank String password) {
    }

    record RefreshRequest(@NotBlank @Size(max = 256) String refreshToken) {
    }

    /**
     * @param role     the role in force for this request (an API key's role)
     * @param userRole the account's own role
     */
    record Me(UUID id, String email, Role role, Role userRole, UUID apiKeyId, Instant createdAt) {
    }
}
