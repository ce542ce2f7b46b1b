package io.reelport.backend.user;

import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.platform.paging.CursorPage;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Account administration; the security chain already limits {@code /api/admin/**} to admins. */
@RestController
@RequestMapping("/api/admin/users")
@PreAuthorize("hasRole('ADMIN')")
class AdminUsersController {

    private final ManagingUsers managing;
    private final RegisteringUser registering;

    AdminUsersController(ManagingUsers managing, RegisteringUser registering) {
        this.managing = managing;
        this.registering = registering;
    }

    @GetMapping
    CursorPage<UserView> list(@RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
            @RequestParam(required = false) Role role, @RequestParam(required = false) Boolean enabled) {
        CursorPage<UserAccount> page = managing.list(cursor, limit, role, enabled);
        return new CursorPage<>(page.items().stream().map(UserView::of).toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    UserView get(@PathVariable UUID id) {
        return UserView.of(managing.get(id));
    }

    @PostMapping
    ResponseEntity<UserView> create(@AuthenticationPrincipal Caller admin, @Valid @RequestBody NewUser request) {
        UserAccount created = registering.createByAdmin(admin, request.email(), request.password(), request.role());
        return ResponseEntity.created(URI.create("/api/admin/users/" + created.id())).body(UserView.of(created));
    }

    /** Changes role and/or enabled; fields left out stay as they are. */
    @PatchMapping("/{id}")
    UserView update(@AuthenticationPrincipal Caller admin, @PathVariable UUID id, @RequestBody UserChange change) {
        return UserView.of(managing.update(admin, id, change.role(), change.enabled()));
    }

    record NewUser(@NotBlank String email, @NotBlank String password, @NotNull Role role) {
    }

    record UserChange(Role role, Boolean enabled) {
    }

    record UserView(UUID id, String email, Role role, boolean enabled, Instant createdAt, Instant updatedAt) {
        static UserView of(UserAccount user) {
            return new UserView(user.id(), user.email(), user.role(), user.enabled(), user.createdAt(), user.updatedAt());
        }
    }
}
