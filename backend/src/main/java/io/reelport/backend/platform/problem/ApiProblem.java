package io.reelport.backend.platform.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The one exception a feature throws to answer with an error. {@link ProblemResponses} renders it
 * as an RFC 9457 problem: {@code status}, a stable machine-readable {@code code} (lower snake
 * case, part of the API contract: clients switch on it), and a {@code detail} written for the
 * person reading it. The detail must never carry SQL, class names or secrets.
 *
 * <pre>throw ApiProblem.notFound("asset_not_found", "No asset " + id);</pre>
 */
public class ApiProblem extends RuntimeException {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{1,63}");

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> properties;
    private final HttpHeaders headers;

    public ApiProblem(HttpStatus status, String code, String detail) {
        this(status, code, detail, Map.of(), HttpHeaders.EMPTY);
    }

    private ApiProblem(HttpStatus status, String code, String detail, Map<String, Object> properties,
            HttpHeaders headers) {
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("problem code must be lower_snake_case: " + code);
        }
        this.code = code;
        this.properties = Map.copyOf(properties);
        this.headers = headers;
    }

    public static ApiProblem badRequest(String code, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, code, detail);
    }

    public static ApiProblem unauthorized(String code, String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, code, detail);
    }

    public static ApiProblem forbidden(String code, String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, code, detail);
    }

    public static ApiProblem notFound(String code, String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, code, detail);
    }

    /** The {@code <what>_not_found} refusal for a resource that doesn't exist (or that the caller may not know of). */
    public static ApiProblem noSuch(String what, Object id) {
        String name = what.toLowerCase(java.util.Locale.ROOT);
        return new ApiProblem(HttpStatus.NOT_FOUND, name + "_not_found", "No " + name + " " + id + ".");
    }

    public static ApiProblem conflict(String code, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, code, detail);
    }

    public static ApiProblem unprocessable(String code, String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, code, detail);
    }

    public static ApiProblem unavailable(String code, String detail) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, code, detail);
    }

    /** 429 with {@code Retry-After} in whole seconds (at least one). */
    public static ApiProblem tooManyRequests(String detail, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", detail,
                Map.of("retryAfterSeconds", seconds), HttpHeaders.readOnlyHttpHeaders(headers));
    }

    /** The same problem with an extra member in the JSON body (for example the offending field). */
    public ApiProblem with(String property, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(properties);
        more.put(property, value);
        return new ApiProblem(status, code, getMessage(), more, headers);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
