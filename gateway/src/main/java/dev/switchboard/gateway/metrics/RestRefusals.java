package dev.switchboard.gateway.metrics;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.util.Map;

/**
 * Counts the REST API's refusals: every error body the API writes ({@code { error: { code, message } }}, see
 * {@code web.ApiErrors}) passes here on its way out, whichever handler made it.
 */
@RestControllerAdvice
public class RestRefusals implements ResponseBodyAdvice<Object> {
    private final GatewayMetrics metrics;

    public RestRefusals(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof Map<?, ?> map && map.size() == 1 && map.get("error") instanceof Map<?, ?> error
                && error.get("code") instanceof String code) {
            metrics.refused(code, "rest");
        }
        return body;
    }
}
