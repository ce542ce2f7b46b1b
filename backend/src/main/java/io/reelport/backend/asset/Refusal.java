package io.reelport.backend.asset;

import org.springframework.http.HttpStatus;

/**
 * A request the asset features refuse, with the HTTP status and the stable problem {@code code}
 * clients see. Thrown by the use-case classes, so a refusal reads the same whether it is tested
 * with or without HTTP.
 */
public class Refusal extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public Refusal(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static Refusal notFound(String what, Object id) {
        return new Refusal(HttpStatus.NOT_FOUND, what.toLowerCase(java.util.Locale.ROOT) + "_not_found",
                "no " + what.toLowerCase(java.util.Locale.ROOT) + " " + id);
    }

    public static Refusal conflict(String code, String detail) {
        return new Refusal(HttpStatus.CONFLICT, code, detail);
    }

    public static Refusal invalid(String code, String detail) {
        return new Refusal(HttpStatus.BAD_REQUEST, code, detail);
    }

    public static Refusal forbidden(String code, String detail) {
        return new Refusal(HttpStatus.FORBIDDEN, code, detail);
    }
}
