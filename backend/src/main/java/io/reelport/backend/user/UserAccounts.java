package io.reelport.backend.user;

import io.reelport.backend.auth.Role;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

public interface UserAccounts extends JpaRepository<UserAccount, UUID>, JpaSpecificationExecutor<UserAccount> {

    /** {@code email} is normalised, as stored. */
    Optional<UserAccount> findByEmail(String email);

    boolean existsByRoleAndEnabledTrue(Role role);
}
