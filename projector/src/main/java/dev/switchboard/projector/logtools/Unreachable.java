package dev.switchboard.projector.logtools;

import com.mongodb.ConnectionString;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * What a log tool says when the log or the store would not answer it (a mistyped address, a cluster that is down, a
 * refused login): which one, where, and what to check, in one line, where the drivers would print a stack trace. The
 * store is named by its hosts only, so no password in {@code MONGODB_URI} reaches the terminal.
 */
final class Unreachable {
    /** The exit status of a tool that could not reach the log or the store. */
    static final int STATUS = 3;

    private Unreachable() {
    }

    /**
     * When {@code failure} is the log or the store not answering {@code sources}: says so on {@code err}, as
     * "{@code tool} failed: why{@code consequence}", and returns {@link #STATUS}. Any other failure is thrown on.
     */
    static int reported(RuntimeException failure, LogSources sources, PrintWriter err, String tool, String consequence) {
        String why = why(failure, sources).orElseThrow(() -> failure);
        err.println(tool + " failed: " + why + consequence);
        err.flush();
        return STATUS;
    }

    /** Why {@code failure} happened, when it is the log or the store not answering {@code sources}. */
    private static Optional<String> why(Throwable failure, LogSources sources) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // the tools wait on futures only for Kafka's admin client (the topics' check at a rebuild's start)
            if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
                return Optional.of("the Kafka cluster at " + sources.kafka() + " did not answer in time: check KAFKA_BOOTSTRAP_SERVERS"
                        + " or --kafka, and that it is running");
            }
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                return Optional.of("the Kafka cluster at " + sources.kafka() + " refused this tool (" + cause.getMessage()
                        + "): check the SPRING_KAFKA_PROPERTIES_* security settings and its ACLs (docs/SECURITY.md)");
            }
            if (cause instanceof MongoTimeoutException) {
                return Optional.of("the document store at " + hosts(sources) + " did not answer (no server could be reached in time): "
                        + "check MONGODB_URI or --mongodb-uri, and that it is running");
            }
            if (cause instanceof MongoSocketException) {
                return Optional.of("the document store at " + hosts(sources) + " stopped answering (" + cause.getMessage() + ")");
            }
            if (cause instanceof MongoSecurityException) {
                return Optional.of("the document store at " + hosts(sources) + " refused the credentials of MONGODB_URI or --mongodb-uri");
            }
        }
        return Optional.empty();
    }

    private static String hosts(LogSources sources) {
        try {
            return String.join(",", new ConnectionString(sources.mongoUri()).getHosts());
        } catch (IllegalArgumentException notAUri) {
            return "(a malformed URI)";
        }
    }
}
