package io.reelport.backend.auth;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RefreshTokenFamilies extends JpaRepository<RefreshTokenFamily, UUID> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select f from RefreshTokenFamily f where f.id = :id")
    Optional<RefreshTokenFamily> lockById(UUID id);

    @Modifying
    @Query("update RefreshTokenFamily f set f.revokedAt = :now, f.revokedReason = :reason "
            + "where f.userId = :userId and f.revokedAt is null")
    int revokeAllOf(UUID userId, Instant now, String reason);
}
