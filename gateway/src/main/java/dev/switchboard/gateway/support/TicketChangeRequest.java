package dev.switchboard.gateway.support;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.switchboard.events.Ids;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /api/support/tickets/{ticketId}} (admins): a new status, a new assignee, or both; {@code "assignee": null}
 * clears the assignee, an absent one leaves it. A class rather than a record, the one among the request bodies: only a
 * setter tells an explicit {@code null} from an absent field (a record's creator gets the same value for both).
 */
public final class TicketChangeRequest {
    @Schema(allowableValues = {"open", "pending", "resolved", "closed"})
    @Size(max = TicketChangeRequested.MAX_STATUS, message = "status must be open, pending, resolved or closed")
    private String status;

    @Schema(description = "an admin's user id, or null to clear the assignee (absent: unchanged)", example = "6901e54215fc6770c2a8bccd",
            nullable = true)
    @Pattern(regexp = Ids.PATTERN, message = "assignee must be an admin's id (24 lowercase hex characters) or null")
    private String assignee;

    @JsonIgnore
    private boolean assigneeGiven;

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getAssignee() {
        return assignee;
    }

    /** Called for an explicit {@code null} too, never for an absent field. */
    public void setAssignee(String assignee) {
        this.assignee = assignee;
        this.assigneeGiven = true;
    }

    @JsonIgnore
    @Schema(hidden = true)
    @AssertTrue(message = "status or assignee is required")
    public boolean isStatusOrAssigneeGiven() {
        return status != null || assigneeGiven;
    }

    /** The assignee as the log records it: null leaves it unchanged, {@code CLEAR_ASSIGNEE} clears it. */
    String assigneeChange() {
        if (!assigneeGiven) {
            return null;
        }
        return assignee == null ? TicketChangeRequested.CLEAR_ASSIGNEE : assignee;
    }
}
