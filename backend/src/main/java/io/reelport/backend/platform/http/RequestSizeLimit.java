package io.reelport.backend.platform.http;

import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.backend.platform.problem.FilterProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above {@code MAX_REQUEST_BODY} with 413 {@code payload_too_large}: at once
 * when {@code Content-Length} says so, and while reading when a chunked body grows past it. The API
 * takes small JSON documents; media never passes through it.
 */
public class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final FilterProblems problems;

    public RequestSizeLimit(HttpProperties properties, FilterProblems problems) {
        this.maxBytes = properties.maxRequestBody().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            problems.render(request, response, tooLarge(maxBytes));
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Limited(request, maxBytes) : request, response);
    }

    static ApiProblem tooLarge(long maxBytes) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
                "The request body is larger than " + maxBytes + " bytes.");
    }

    /** Thrown from the body stream; the problem mapping finds it as the cause of a read failure. */
    public static final class BodyTooLarge extends IOException {
        private final long maxBytes;

        BodyTooLarge(long maxBytes) {
            super("request body above " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        public ApiProblem problem() {
            return tooLarge(maxBytes);
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        Counting(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLarge(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
