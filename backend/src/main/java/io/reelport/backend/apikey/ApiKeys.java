package io.reelport.backend.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface ApiKeys extends JpaRepository<ApiKey, UUID> {

    Optional<ApiKey> findBySecretHash(String secretHash);

    List<ApiKey> findByOwnerIdOrderByCreatedAtDesc(UUID ownerId);

    /**
     * Records use at most once per {@code staleBefore} interval: a busy key must not turn every
     * request into a row update.
     */
    @Modifying
    @Transactional
    @Query("update ApiKey k set k.lastUsedAt = :now where k.id = :id "
            + "and (k.lastUsedAt is null or k.lastUsedAt < :staleBefore)")
    int touch(UUID id, Instant now, Instant staleBefore);
}
