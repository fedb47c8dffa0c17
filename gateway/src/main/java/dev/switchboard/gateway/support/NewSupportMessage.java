package dev.switchboard.gateway.support;

/** The {@code new-support-message} payload: {@code { event: "new-support-message", data }}. */
public record NewSupportMessage(String event, SupportMessageView data) {
    static final String EVENT = "new-support-message";

    static NewSupportMessage of(SupportMessageView data) {
        return new NewSupportMessage(EVENT, data);
    }
}
