package io.reelport.backend.asset;

import io.reelport.backend.platform.problem.ApiProblem;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * A request the asset, upload, version, job and playback use cases refuse: the backend's
 * {@link ApiProblem}, so the one problem mapping renders it, with names for the refusals they share.
 */
public class Refusal extends ApiProblem {

    public Refusal(HttpStatus status, String code, String detail) {
        super(status, code, detail);
    }

    public static Refusal notFound(String what, Object id) {
        String name = what.toLowerCase(Locale.ROOT);
        return new Refusal(HttpStatus.NOT_FOUND, name + "_not_found", "No " + name + " " + id + ".");
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
