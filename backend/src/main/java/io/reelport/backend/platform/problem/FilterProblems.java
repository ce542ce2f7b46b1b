package io.reelport.backend.platform.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Lets servlet filters (security, rate limits, size limits) answer through {@link ProblemResponses},
 * so that there is one mapping from errors to problems however early a request is refused.
 * It is also the security chain's entry point (401) and access-denied handler (403).
 */
@Component
public class FilterProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final HandlerExceptionResolver resolver;

    FilterProblems(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        this.resolver = resolver;
    }

    /** Writes the problem for {@code failure} as the response. */
    public void render(HttpServletRequest request, HttpServletResponse response, Exception failure) throws IOException {
        ModelAndView handled = resolver.resolveException(request, response, null, failure);
        if (handled == null && !response.isCommitted()) {
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
            throws IOException {
        render(request, response, refused);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        render(request, response, denied);
    }
}
