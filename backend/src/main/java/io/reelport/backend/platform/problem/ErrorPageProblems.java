package io.reelport.backend.platform.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}), reached by errors that never got to a controller
 * (a request Tomcat itself refused, a {@code sendError} in a filter): rendered as a problem with
 * no detail beyond the status, instead of Spring Boot's default error document.
 */
@RestController
class ErrorPageProblems implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        String problemCode = switch (status) {
            case BAD_REQUEST -> "bad_request";
            case NOT_FOUND -> "not_found";
            case CONTENT_TOO_LARGE -> "payload_too_large";
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            default -> status.is5xxServerError() ? "internal_error" : "request_failed";
        };
        ProblemDetail body = ProblemResponses.problem(status, problemCode, status.is5xxServerError()
                ? "The server failed to handle this request; it has been logged." : status.getReasonPhrase() + ".");
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            body.setInstance(java.net.URI.create(path.replace(" ", "%20")));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
