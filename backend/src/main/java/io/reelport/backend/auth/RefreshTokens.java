package io.reelport.backend.auth;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

interface RefreshTokens extends JpaRepository<RefreshToken, UUID> {

    /**
     * Locks the row: of two requests presenting the same token at once, the second waits, then
     * sees it used, and so is treated as reuse.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<RefreshToken> findByTokenHash(String tokenHash);
}
