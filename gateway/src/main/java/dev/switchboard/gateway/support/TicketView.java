package dev.switchboard.gateway.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** A support ticket (docs/PROTOCOL.md §7, §8): REST, {@code support-ticket-created} and {@code support-ticket-updated}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TicketView(@JsonProperty("_id") String id, String owner, String subject,
                         @Schema(allowableValues = {"open", "pending", "resolved", "closed"}) String status,
                         @Schema(description = "an admin's user id, or null") String assignee, String createdAt, String updatedAt) {
}
