package io.reelport.backend.user;

import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.auth.Role;
import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.common.keys.SecretConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin from {@code BOOTSTRAP_ADMIN_EMAIL} / {@code BOOTSTRAP_ADMIN_PASSWORD} when
 * no enabled admin exists, so a fresh deployment (with registration closed) can be used at all.
 * Once an admin exists the variables change nothing: the admin's password is theirs to change, and
 * removing the variables after the first start is good practice.
 *
 * <p>A weak or malformed bootstrap credential stops startup with one line naming the variable.
 * Several instances starting at once are safe: the unique email index lets one of them win.
 */
@Component
class BootstrappingAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrappingAdmin.class);

    private final AccountProperties properties;
    private final UserAccounts users;
    private final RegisteringUser registering;
    private final AuditTrail auditTrail;

    BootstrappingAdmin(AccountProperties properties, UserAccounts users, RegisteringUser registering,
            AuditTrail auditTrail) {
        this.properties = properties;
        this.users = users;
        this.registering = registering;
        this.auditTrail = auditTrail;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        if (!properties.bootstrapConfigured() || users.existsByRoleAndEnabledTrue(Role.ADMIN)) {
            return;
        }
        EmailAddress email;
        try {
            email = EmailAddress.parse(properties.bootstrapAdminEmail());
        } catch (ApiProblem invalid) {
            throw new SecretConfigurationException("BOOTSTRAP_ADMIN_EMAIL", "is not an email address");
        }
        if (users.findByEmail(email.value()).isPresent()) {
            log.warn("No enabled admin exists and {} (BOOTSTRAP_ADMIN_EMAIL) is taken by an account that is not an "
                    + "enabled admin; not changing it. Promote it with the database or another admin.", email);
            return;
        }
        try {
            UserAccount admin = registering.create(email, properties.bootstrapAdminPassword(), Role.ADMIN);
            auditTrail.record(AuditEntry.bySystem("user.bootstrap_admin", AuditOutcome.SUCCESS).target("user", admin.id()));
            log.info("Created the first admin {} from BOOTSTRAP_ADMIN_EMAIL", email);
        } catch (ApiProblem refused) {
            if ("email_taken".equals(refused.code())) {
                return; // another instance created it a moment ago
            }
            throw new SecretConfigurationException("BOOTSTRAP_ADMIN_PASSWORD", "is refused by the password policy: "
                    + refused.detail());
        }
    }
}
