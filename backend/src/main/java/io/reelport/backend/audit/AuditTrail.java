package io.reelport.backend.audit;

import io.reelport.backend.platform.http.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records security-relevant actions. Features call {@link #record} with who did what to which
 * target and how it ended; the trail adds the time (from the one {@link Clock}) and, inside an HTTP
 * request, the client's IP address ({@link ClientAddress}) and user agent.
 *
 * <p>The row joins the caller's transaction when there is one, so the trail never claims a change
 * that was rolled back; without one it is a single statement that commits on its own. A refusal that must stay on record (a failed login, a reused refresh token)
 * is recorded outside any transaction that the refusal rolls back.
 */
@Component
public class AuditTrail {

    private final AuditEvents events;
    private final ClientAddress clientAddress;
    private final Clock clock;

    AuditTrail(AuditEvents events, ClientAddress clientAddress, Clock clock) {
        this.events = events;
        this.clientAddress = clientAddress;
        this.clock = clock;
    }

    public void record(AuditEntry entry) {
        String ip = null;
        String userAgent = null;
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            ip = clientAddress.of(request);
            userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        }
        events.append(entry, clock.instant(), ip, userAgent);
    }
}
