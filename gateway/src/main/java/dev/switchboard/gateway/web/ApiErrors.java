package dev.switchboard.gateway.web;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.errors.ClientError;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.stream.Collectors;

/** Every REST error as {@code { error: { code, message } }} with its status. */
@RestControllerAdvice
public class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ClientError.class)
    ResponseEntity<ApiError> clientError(ClientError error) {
        return respond(error);
    }

    /** A body that is not JSON, or whose fields have the wrong JSON types (e.g. {@code "data": "x"}). */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return respond(ClientError.badRequest("malformed request body: not JSON, or a field of the wrong type"));
    }

    /** Tomcat parses the query string when it is first read: a bad percent-encoding in it surfaces here. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ApiError> unreadableParameters(InvalidParameterException e) {
        return respond(ClientError.badRequest("malformed query string: " + e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException e) {
        return respond(ClientError.badRequest(e.getName() + " has the wrong type"));
    }

    /** A request record's Bean Validation constraints: every violated one, each message naming its field. */
    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e) {
        String problems = e.getBindingResult().getAllErrors().stream()
                .map(error -> error.getDefaultMessage() == null ? error.getObjectName() + " is invalid" : error.getDefaultMessage())
                .sorted().collect(Collectors.joining("; "));
        return respond(ClientError.badRequest(problems));
    }

    /** Spring's own errors (unknown path, wrong method, …) keep their status. */
    private static ResponseEntity<ApiError> springError(Exception e, ErrorResponse response) {
        int status = response.getStatusCode().value();
        return ResponseEntity.status(status).body(ApiError.of(new ClientError(codeFor(status), e.getMessage())));
    }

    /** The contract's code for an error status that Spring or Tomcat chose (not one of ours). */
    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> status >= 500 ? ErrorCode.UNAVAILABLE : ErrorCode.BAD_REQUEST;
        };
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        if (e instanceof ErrorResponse response) {
            return springError(e, response);
        }
        log.warn("request failed", e);
        return respond(ClientError.from(e));
    }

    static ResponseEntity<ApiError> respond(ClientError error) {
        return ResponseEntity.status(error.code().httpStatus()).body(ApiError.of(error));
    }
}
