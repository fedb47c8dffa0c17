package dev.switchboard.gateway.web;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.auth.Tokens;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.limits.PerUserRateLimits;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives REST handlers the caller named by the {@code Authorization: Bearer} token, or answers 401; a caller over their
 * request rate ({@code REST_RATE_LIMIT_*}, per user) is answered 429.
 */
public class CallerResolver implements HandlerMethodArgumentResolver {
    private final Tokens tokens;
    private final CallerSeen users;
    private final PerUserRateLimits limits;

    public CallerResolver(Tokens tokens, CallerSeen users, PerUserRateLimits limits) {
        this.tokens = tokens;
        this.users = users;
        this.limits = limits;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == AuthenticatedUser.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
        AuthenticatedUser caller = tokens.verify(token).orElseThrow(() -> new ClientError(ErrorCode.UNAUTHORIZED, "unauthorized"));
        if (!limits.tryAcquire(caller.userId())) {
            throw new ClientError(ErrorCode.RATE_LIMITED, "too many requests; slow down");
        }
        users.seen(caller);
        return caller;
    }
}
