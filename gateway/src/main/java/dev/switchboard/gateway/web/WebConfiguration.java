package dev.switchboard.gateway.web;

import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.auth.Tokens;
import dev.switchboard.gateway.user.UserSeenRecorder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

@Configuration
public class WebConfiguration implements WebMvcConfigurer {
    private final Tokens tokens;
    private final UserSeenRecorder users;

    public WebConfiguration(Tokens tokens, UserSeenRecorder users) {
        this.tokens = tokens;
        this.users = users;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerResolver(tokens, users));
    }

    @Configuration
    static class TokensConfiguration {
        @Bean
        Tokens tokens(GatewaySettings settings) {
            return new Tokens(settings.jwtSecret());
        }
    }
}
