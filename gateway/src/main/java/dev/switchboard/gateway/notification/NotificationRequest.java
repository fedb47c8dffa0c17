package dev.switchboard.gateway.notification;

import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * {@code POST /api/notifications} (service tokens). The limits are {@link NotificationRequested}'s, which also checks
 * {@code data} (keys, depth, values, size) the same way for every producer.
 */
public record NotificationRequest(
        @Schema(description = "the user to notify", example = "6901e54215fc6770c2a8bccb")
        @NotNull(message = "userId is required") @Size(max = 64, message = "userId is too long")
        String userId,
        @Schema(example = "payment") @NotNull(message = "type is required")
        @Size(max = NotificationRequested.MAX_TYPE, message = "type is at most " + NotificationRequested.MAX_TYPE + " characters")
        String type,
        @Schema(example = "Payment received") @NotNull(message = "title is required")
        @Size(max = NotificationRequested.MAX_TITLE, message = "title is at most " + NotificationRequested.MAX_TITLE + " characters")
        String title,
        @Schema(example = "We received 20 EUR") @NotNull(message = "message is required")
        @Size(max = NotificationRequested.MAX_MESSAGE, message = "message is at most " + NotificationRequested.MAX_MESSAGE + " characters")
        String message,
        @Schema(description = "any JSON object of at most 16 KiB, 20 levels and 1,000 values; keys non-empty, no leading $, no .")
        Map<String, Object> data,
        @Schema(description = "a request whose key was used before for that user creates nothing and answers the original (200); "
                + "the Idempotency-Key header takes precedence", example = "payment-8812")
        @Size(min = 1, max = NotificationRequested.MAX_KEY, message = "idempotencyKey must be 1 to " + NotificationRequested.MAX_KEY + " characters")
        String idempotencyKey) {
}
