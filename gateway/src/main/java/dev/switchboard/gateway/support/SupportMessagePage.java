package dev.switchboard.gateway.support;

import java.util.List;

/** A page of a ticket's history, newest first; {@code hasMore} says whether {@code ?before=<last _id>} finds more. */
public record SupportMessagePage(List<SupportMessageView> messages, boolean hasMore) {
}
