package io.reelport.backend.apikey;

import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API keys of the calling user: {@code Authorization: Bearer rp_...} for machine clients. */
@RestController
@RequestMapping("/api/api-keys")
class ApiKeysController {

    private final ManagingApiKeys managing;

    ApiKeysController(ManagingApiKeys managing) {
        this.managing = managing;
    }

    /** The response is the only time the secret ({@code key}) is shown. */
    @PostMapping
    ResponseEntity<NewKeyView> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody NewKey request) {
        ManagingApiKeys.CreatedKey created = managing.create(caller, request.name(), request.role(), request.expiresAt());
        ApiKey key = created.key();
        return ResponseEntity.created(URI.create("/api/api-keys/" + key.id())).body(new NewKeyView(key.id(), key.name(),
                key.role(), key.prefix(), created.secret(), key.createdAt(), key.expiresAt()));
    }

    @GetMapping
    List<KeyView> list(@AuthenticationPrincipal Caller caller) {
        return managing.listOwn(caller).stream().map(KeyView::of).toList();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        managing.revoke(caller, id);
    }

    /**
     * @param role      at most the creator's role; defaults to it
     * @param expiresAt optional; the key stops working then
     */
    record NewKey(@NotBlank @Size(max = 100) String name, Role role, Instant expiresAt) {
    }

    record NewKeyView(UUID id, String name, Role role, String prefix, String key, Instant createdAt, Instant expiresAt) {
    }

    record KeyView(UUID id, String name, Role role, String prefix, Instant createdAt, Instant expiresAt,
            Instant lastUsedAt, Instant revokedAt) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.id(), key.name(), key.role(), key.prefix(), key.createdAt(), key.expiresAt(),
                    key.lastUsedAt(), key.revokedAt());
        }
    }
}
