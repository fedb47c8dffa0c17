package dev.switchboard.projector.kafka;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.apache.kafka.common.errors.RetriableException;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Tells a failure of the infrastructure (wait and retry, forever) from one that the same input will always cause. */
final class Failures {
    private Failures() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoSocketException || cause instanceof MongoTimeoutException || cause instanceof MongoNotPrimaryException
                    || cause instanceof MongoNodeIsRecoveringException || cause instanceof MongoInterruptedException
                    || cause instanceof MongoConnectionPoolClearedException || cause instanceof MongoExecutionTimeoutException
                    || (cause instanceof MongoException mongo && (mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                        || mongo.hasErrorLabel("RetryableWriteError")))
                    || cause instanceof RetriableException || cause instanceof TimeoutException || cause instanceof InterruptedException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && root instanceof ExecutionException) {
            root = root.getCause();
        }
        String text = root.toString();
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
