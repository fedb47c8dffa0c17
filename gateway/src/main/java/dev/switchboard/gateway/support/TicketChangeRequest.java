package dev.switchboard.gateway.support;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code PATCH /api/support/tickets/{ticketId}} (admins): a new status, a new assignee, or both. */
public record TicketChangeRequest(
        @Schema(allowableValues = {"open", "pending", "resolved", "closed"})
        String status,
        @Schema(description = "an admin's user id", example = "6901e54215fc6770c2a8bccd")
        @Size(max = 64, message = "assignee is too long") @Pattern(regexp = ".*\\S.*", message = "assignee must not be blank")
        String assignee) {

    @JsonIgnore
    @Schema(hidden = true)
    @AssertTrue(message = "status or assignee is required")
    public boolean isStatusOrAssigneeGiven() {
        return status != null || assignee != null;
    }
}
