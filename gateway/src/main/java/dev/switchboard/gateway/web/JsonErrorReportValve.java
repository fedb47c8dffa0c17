package dev.switchboard.gateway.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's answer to a request it refuses before Spring sees it (characters in the query or path that must be
 * percent-encoded, such as an axios-style {@code ?status[]=open}; a NUL in the path; headers over the limit), as the
 * contract's error body {@code { error: { code, message } }} instead of Tomcat's HTML page. Spring's own answers are
 * written before this valve looks, so it leaves them alone. Hand-written because Tomcat offers no JSON error page.
 */
public class JsonErrorReportValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's own valve: only an error sent with sendError, and only once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body(status));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response already went out: nothing left to tell the client
        }
    }

    /** The contract's error body, with fixed texts only: nothing of the refused request is echoed. */
    static String body(int status) {
        return ApiError.json(status, message(status));
    }

    private static String message(int status) {
        return switch (status) {
            case 401 -> "a valid token is required";
            case 403 -> "not allowed";
            case 404 -> "no such path";
            case 405 -> "this method is not allowed here";
            case 413 -> "the request is too large";
            case 429 -> "too many requests; slow down";
            case 414, 431 -> "the request's path or headers are too large: keep its headers under "
                    + WebConfiguration.MAX_REQUEST_HEADER_KIB + " KiB";
            default -> status >= 500 ? "the gateway could not answer this request; retry"
                    : "the request cannot be read: percent-encode [ ] { } | ^ ` \" < > and NUL in its path and query,"
                    + " and keep its headers under " + WebConfiguration.MAX_REQUEST_HEADER_KIB + " KiB";
        };
    }
}
