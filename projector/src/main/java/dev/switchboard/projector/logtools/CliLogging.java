package dev.switchboard.projector.logtools;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log tools write their results to stdout (a report, or JSON Lines): logging goes to stderr, warnings and errors
 * only, and Spring Boot is told to leave that configuration alone while a tool runs (it may start a projector context).
 * Closing gives Spring Boot its say back, for a process (a test JVM) that starts applications after the tool.
 */
final class CliLogging implements AutoCloseable {
    private static final String LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";
    private final String before;

    private CliLogging(String before) {
        this.before = before;
    }

    static CliLogging toStderr() {
        CliLogging restore = new CliLogging(System.getProperty(LOGGING_SYSTEM));
        System.setProperty(LOGGING_SYSTEM, "none");
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return restore;
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n");
        encoder.start();
        ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        context.getLogger("org.apache.kafka").setLevel(Level.ERROR); // a closing consumer's chatter about paused partitions
        return restore;
    }

    @Override
    public void close() {
        if (before == null) {
            System.clearProperty(LOGGING_SYSTEM);
        } else {
            System.setProperty(LOGGING_SYSTEM, before);
        }
    }
}
