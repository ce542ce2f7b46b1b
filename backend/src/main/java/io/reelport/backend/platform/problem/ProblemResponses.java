package io.reelport.backend.platform.problem;

import io.reelport.backend.platform.http.RequestSizeLimit;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The backend's one error-to-problem mapping. Every error a client sees is an RFC 9457 problem
 * ({@code application/problem+json}) with {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance} and a stable {@code code}. Filters reach this class too, through
 * {@link FilterProblems}, so a 401 from the security chain or a 429 from the rate limiter has the
 * same shape as a 404 from a controller.
 *
 * <p>Details are written here, never copied from an exception message of a library: those can
 * carry SQL, class names or parser internals. Anything unexpected is logged with its stack trace
 * and answered with a plain 500.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    static final String TYPE_PREFIX = "urn:reelport:problem:";

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        ProblemDetail body = problem(problem.status(), problem.code(), problem.detail());
        problem.properties().forEach(body::setProperty);
        return ResponseEntity.status(problem.status()).headers(problem.headers()).body(body);
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException refused) {
        boolean badToken = refused instanceof BearerTokenRefused;
        ProblemDetail body = problem(HttpStatus.UNAUTHORIZED, badToken ? "invalid_token" : "unauthenticated",
                badToken ? "The bearer token is invalid, expired or revoked."
                        : "This endpoint needs an access token or API key: Authorization: Bearer <token>.");
        // RFC 6750 section 3: a refused bearer token says so in the challenge.
        String challenge = badToken ? "Bearer error=\"invalid_token\"" : "Bearer";
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, challenge).body(body);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException denied) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(problem(HttpStatus.FORBIDDEN, "forbidden", "Your role does not allow this request."));
    }

    /** PostgreSQL or Redis cannot be reached: the request may succeed if retried later. */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            TransientDataAccessResourceException.class, QueryTimeoutException.class,
            RedisConnectionFailureException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception failure) {
        log.warn("Answering 503, a backing service is unavailable: {}", failure.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                        "A service this request needs is unavailable; try again shortly."));
    }

    /**
     * A connection-class SQL state (08xxx), a transient connection failure, a socket error, or a
     * transaction that could not be completed or rolled back, anywhere in the chain.
     */
    static boolean lostConnection(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientConnectionException || cause instanceof java.net.SocketException
                    || cause instanceof org.hibernate.TransactionException
                    || cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException violation) {
        List<Map<String, String>> errors = violation.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList();
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "validation_failed", describe(errors));
        body.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        if (lostConnection(failure)) {
            // e.g. a rollback on a connection PostgreSQL dropped: Spring reports it as a JPA system
            // error, but for the client it is the same outage as a connection that cannot be made.
            return unavailable(failure);
        }
        log.error("Unhandled error, answering 500", failure);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "The server failed to handle this request; it has been logged."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimit.BodyTooLarge tooLarge) {
                ApiProblem problem = tooLarge.problem();
                return handleExceptionInternal(ex, problem(problem.status(), problem.code(), problem.detail()), headers,
                        problem.status(), request);
            }
        }
        return handleExceptionInternal(ex, unreadableBody(ex), headers, HttpStatus.BAD_REQUEST, request);
    }

    private static ProblemDetail unreadableBody(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof InvalidFormatException invalid) {
            String field = path(invalid);
            Class<?> target = invalid.getTargetType();
            if (target != null && target.isEnum()) {
                String allowed = java.util.Arrays.stream(target.getEnumConstants()).map(Object::toString)
                        .collect(Collectors.joining(", "));
                return withField(problem(HttpStatus.BAD_REQUEST, "invalid_enum_value",
                        "'" + field + "' must be one of: " + allowed + "."), field);
            }
            return withField(problem(HttpStatus.BAD_REQUEST, "invalid_value",
                    "'" + field + "' has a value of the wrong form" + expected(target) + "."), field);
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return withField(problem(HttpStatus.BAD_REQUEST, "unknown_field", "'" + field + "' is not a known field."),
                    field);
        }
        if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            String field = path(mismatched);
            return withField(problem(HttpStatus.BAD_REQUEST, "invalid_value",
                    "'" + field + "' has the wrong type" + expected(mismatched.getTargetType()) + "."), field);
        }
        if (cause instanceof StreamReadException || cause instanceof JacksonException) {
            return problem(HttpStatus.BAD_REQUEST, "malformed_json", "The request body is not valid JSON.");
        }
        return problem(HttpStatus.BAD_REQUEST, "unreadable_body", "The request body is missing or cannot be read.");
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "";
        }
        if (Number.class.isAssignableFrom(target) || (target.isPrimitive() && target != boolean.class)) {
            return " (expected a number)";
        }
        if (target == Boolean.class || target == boolean.class) {
            return " (expected true or false)";
        }
        if (target == String.class) {
            return " (expected a string)";
        }
        if (target == java.util.UUID.class) {
            return " (expected a UUID)";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(target)) {
            return " (expected an ISO-8601 time)";
        }
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            return " (expected an array)";
        }
        return " (expected an object)";
    }

    private static String path(JacksonException failure) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : failure.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(body)" : path.toString();
    }

    private static ProblemDetail withField(ProblemDetail body, String field) {
        body.setProperty("field", field);
        return body;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())));
        }
        ex.getBindingResult().getGlobalErrors().forEach(error -> errors.add(
                Map.of("field", error.getObjectName(), "message", String.valueOf(error.getDefaultMessage()))));
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "validation_failed", describe(errors));
        body.setProperty("errors", errors);
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error -> errors.add(
                Map.of("field", String.valueOf(result.getMethodParameter().getParameterName()),
                        "message", String.valueOf(error.getDefaultMessage())))));
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "validation_failed", describe(errors));
        body.setProperty("errors", errors);
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String describe(List<Map<String, String>> errors) {
        return errors.isEmpty() ? "The request is not valid."
                : errors.stream().map(e -> "'" + e.get("field") + "' " + e.get("message"))
                        .collect(Collectors.joining("; ")) + ".";
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : String.valueOf(ex.getPropertyName());
        Class<?> target = ex.getRequiredType();
        String detail;
        if (target != null && target.isEnum()) {
            detail = "'" + name + "' must be one of: " + java.util.Arrays.stream(target.getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", ")) + ".";
        } else {
            detail = "'" + name + "' has a value of the wrong form" + expected(target) + ".";
        }
        return handleExceptionInternal(ex, withField(problem(HttpStatus.BAD_REQUEST, "invalid_parameter", detail), name),
                headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, withField(problem(HttpStatus.BAD_REQUEST, "missing_parameter",
                "The query parameter '" + ex.getParameterName() + "' is required."), ex.getParameterName()),
                headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, notFound(request), headers, HttpStatus.NOT_FOUND, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, notFound(request), headers, HttpStatus.NOT_FOUND, request);
    }

    private static ProblemDetail notFound(WebRequest request) {
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "this path";
        return problem(HttpStatus.NOT_FOUND, "not_found", "There is nothing at " + path + ".");
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = problem(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                ex.getMethod() + " is not supported here"
                        + (ex.getSupportedHttpMethods() == null ? "." : "; use " + ex.getSupportedHttpMethods().stream()
                                .map(Object::toString).collect(Collectors.joining(", ")) + "."));
        return handleExceptionInternal(ex, body, headers, HttpStatus.METHOD_NOT_ALLOWED, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "Send the body as application/json."), headers, HttpStatus.UNSUPPORTED_MEDIA_TYPE, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, problem(HttpStatus.NOT_ACCEPTABLE, "not_acceptable",
                "This endpoint answers application/json."), headers, HttpStatus.NOT_ACCEPTABLE, request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, problem(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
                "The request body is too large."), headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }

    /**
     * Every framework error passes here last: give it a code, and replace any detail the framework
     * wrote for the server's side with one that is safe to show.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail : ProblemDetail.forStatus(statusCode);
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            String code = codeFor(statusCode);
            ProblemDetail safe = problem(statusCode, code, safeDetail(statusCode));
            problem = safe;
        }
        if (statusCode.is5xxServerError()) {
            log.error("Framework error answered with {}", statusCode.value(), ex);
        }
        return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
    }

    private static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "service_unavailable";
            default -> status.is5xxServerError() ? "internal_error" : "request_failed";
        };
    }

    private static String safeDetail(HttpStatusCode status) {
        if (status.is5xxServerError()) {
            return "The server failed to handle this request; it has been logged.";
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "The request failed." : known.getReasonPhrase() + ".";
    }

    /** The problem body every path builds on. */
    public static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create(TYPE_PREFIX + code));
        HttpStatus known = HttpStatus.resolve(status.value());
        body.setTitle(known == null ? "Error" : known.getReasonPhrase());
        body.setProperty("code", code);
        return body;
    }
}
