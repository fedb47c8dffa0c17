package dev.switchboard.gateway.support;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /api/support/tickets}. Both fields are required, but the projector checks them ({@code SUBJECT_FITS},
 * {@code CONTENT_IS_GIVEN}, {@code CONTENT_FITS}), so a refused opening is in the log like any refused action.
 */
public record OpenTicketRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200, example = "Refund for order 8812")
        String subject,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 5000, description = "the ticket's first message",
                example = "Hello, I need help with my payment issue")
        String message) {
}
