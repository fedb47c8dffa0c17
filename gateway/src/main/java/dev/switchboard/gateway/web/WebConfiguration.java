package dev.switchboard.gateway.web;

import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.auth.Tokens;
import dev.switchboard.gateway.limits.PerUserRateLimits;
import dev.switchboard.gateway.store.GatewayReadModels;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

@Configuration
public class WebConfiguration implements WebMvcConfigurer {
    private final Tokens tokens;
    private final CallerSeen users;
    private final GatewaySettings settings;
    private final GatewayReadModels store;

    public WebConfiguration(Tokens tokens, CallerSeen users, GatewaySettings settings, GatewayReadModels store) {
        this.tokens = tokens;
        this.users = users;
        this.settings = settings;
        this.store = store;
    }

    /**
     * An encoded slash in a path ({@code /api/users/%2F/presence}) would be refused by Tomcat itself, with its HTML
     * error page; passed through, it reaches the path's id check and gets the JSON error body like any other bad id.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashesReachTheIdChecks() {
        return connector -> connector.setEncodedSolidusHandling("passthrough");
    }

    /**
     * Request headers may take this much ({@code server.max-http-request-header-size}): room for tokens with many claims,
     * such as an identity provider's group claims; Tomcat's default is 8 KiB. Tomcat gives every connection a buffer of
     * this size before it reads a byte, so it stays well below what a whole request may hold.
     */
    public static final int MAX_REQUEST_HEADER_KIB = 32;

    /** Requests Tomcat refuses itself are answered with the contract's JSON error body ({@link JsonErrorReportValve}). */
    @Bean
    TomcatContextCustomizer jsonErrorsForRequestsTomcatRefuses() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        };
    }

    /** The same browser origins as the Socket.IO server ({@code ALLOWED_ORIGINS}); none by default. */
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (!settings.allowedOrigins().isEmpty()) {
            registry.addMapping("/api/**")
                    .allowedOriginPatterns(settings.allowedOrigins().toArray(String[]::new))
                    .allowedMethods("GET", "POST", "PATCH", "OPTIONS")
                    .allowedHeaders("Authorization", "Content-Type", "Idempotency-Key");
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new StoreDownRefusal(store)).addPathPatterns("/api/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerResolver(tokens, users, new PerUserRateLimits(settings.restRateLimitPerSecond(), settings.restRateLimitBurst())));
    }

    @Configuration
    static class TokensConfiguration {
        @Bean
        Tokens tokens(GatewaySettings settings) {
            return new Tokens(settings.tokenSettings());
        }
    }
}
