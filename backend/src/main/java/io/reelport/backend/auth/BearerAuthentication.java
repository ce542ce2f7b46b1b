package io.reelport.backend.auth;

import io.reelport.backend.apikey.AuthenticatingApiKey;
import io.reelport.backend.platform.problem.BearerTokenRefused;
import io.reelport.backend.platform.problem.FilterProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer ...}: an {@code rp_} API key or a JWT access token. A request
 * without the header goes on anonymous (public endpoints); a request with a bad credential is
 * refused here with 401 {@code invalid_token}, even on a public endpoint, because a client that
 * sends a broken token should hear about it rather than be served as somebody else.
 */
class BearerAuthentication extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BearerAuthentication.class);
    private static final String BEARER = "Bearer ";

    private final AuthenticatingAccessToken accessTokens;
    private final AuthenticatingApiKey apiKeys;
    private final FilterProblems problems;

    BearerAuthentication(AuthenticatingAccessToken accessTokens, AuthenticatingApiKey apiKeys, FilterProblems problems) {
        this.accessTokens = accessTokens;
        this.apiKeys = apiKeys;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        try {
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new BearerTokenRefused("Authorization header is not a bearer token");
            }
            String credential = header.substring(BEARER.length()).trim();
            Caller caller = AuthenticatingApiKey.looksLikeApiKey(credential)
                    ? apiKeys.authenticate(credential)
                    : accessTokens.authenticate(credential);
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new CallerAuthentication(caller));
            SecurityContextHolder.setContext(context);
        } catch (BearerTokenRefused refused) {
            log.debug("Refused bearer credential: {}", refused.getMessage());
            SecurityContextHolder.clearContext();
            problems.render(request, response, refused);
            return;
        } catch (DataAccessException | TransactionException unavailable) {
            problems.render(request, response, unavailable);
            return;
        }
        chain.doFilter(request, response);
    }
}
