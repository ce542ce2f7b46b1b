package io.reelport.backend.platform.ratelimit;

import io.reelport.backend.auth.Caller;
import io.reelport.backend.platform.http.ClientAddress;
import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.backend.platform.problem.FilterProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The general per-client limit on {@code /api/**} ({@code RATE_LIMIT_API_PER_MINUTE}). A client is
 * its API key or user when authenticated (so many users behind one NAT do not share a budget) and
 * its IP address otherwise. Runs after authentication, inside the security chain.
 *
 * <p>If Redis is unreachable the request goes through: refusing all traffic because the limiter is
 * down would turn a cache outage into an API outage. Login throttling, by contrast, fails closed.
 */
public class ApiRateLimit extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiRateLimit.class);
    static final String SCOPE = "api";

    private final RateLimiter limiter;
    private final RateLimitProperties limits;
    private final ClientAddress clientAddress;
    private final FilterProblems problems;

    public ApiRateLimit(RateLimiter limiter, RateLimitProperties limits, ClientAddress clientAddress,
            FilterProblems problems) {
        this.limiter = limiter;
        this.limits = limits;
        this.clientAddress = clientAddress;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || "OPTIONS".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            limiter.check(SCOPE, clientKey(request), limits.api());
        } catch (ApiProblem tooMany) {
            problems.render(request, response, tooMany);
            return;
        } catch (DataAccessException redisDown) {
            log.warn("API rate limit not applied, Redis is unavailable: {}", redisDown.toString());
        }
        chain.doFilter(request, response);
    }

    /** The key a client's requests are counted under; features with their own limits use it too. */
    public String clientKey(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return caller.apiKeyId().map(key -> "key:" + key).orElse("user:" + caller.userId());
        }
        return "ip:" + clientAddress.of(request);
    }
}
