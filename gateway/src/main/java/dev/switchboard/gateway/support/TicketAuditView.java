package dev.switchboard.gateway.support;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** {@code GET /api/support/tickets/{ticketId}/audit}: the ticket's records from the log (the projector's audit index), in order. */
public record TicketAuditView(String ticketId,
                              @Schema(description = "{ id, kind: action|outcome, type, version, occurredAt, actor, correlationId, payload, "
                                      + "result }: each action (result applied, refused or set-aside) followed by its outcomes")
                              List<Map<String, Object>> events) {
}
