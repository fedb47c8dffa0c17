package dev.switchboard.gateway.web;

import dev.switchboard.gateway.store.GatewayReadModels;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A REST read while the store is known to be down or found hanging is answered {@code 503 UNAVAILABLE} at once, rather than
 * after {@code STORE_TIMEOUT_MS} on one of Tomcat's threads (an outage would otherwise fill them with waiting reads).
 * Writes go on: what they record in the log is applied once the store is back.
 */
final class StoreDownRefusal implements HandlerInterceptor {
    private final GatewayReadModels store;

    StoreDownRefusal(GatewayReadModels store) {
        this.store = store;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            store.requireReachable();
        }
        return true;
    }
}
