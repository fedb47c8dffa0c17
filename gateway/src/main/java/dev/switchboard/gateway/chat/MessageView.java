package dev.switchboard.gateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.events.Times;
import dev.switchboard.events.chat.Message;
import dev.switchboard.gateway.web.SenderView;

import java.util.List;

/** The contract's message object (docs/PROTOCOL.md §4): pushed as {@code new-message}, in acks and in REST history. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MessageView(@JsonProperty("_id") String id, String chat, SenderView sender, String receiver, String content,
                          String messageType, List<Media> media, String clientMessageId, boolean delivered, String deliveredAt,
                          @JsonProperty("isRead") boolean isRead, String readAt, String createdAt) {

    /** {@code { url, type, name?, size? }}: {@code name} and {@code size} only when given. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Media(String url, String type, String name, Long size) {
    }

    static MessageView of(Message m) {
        return new MessageView(m.id(), m.chat(),
                SenderView.of(m.sender().id(), m.sender().fullName(), m.sender().profilePhoto(), m.sender().role()),
                m.receiver(), m.content(), m.messageType(),
                m.media().stream().map(media -> new Media(media.url(), media.type(), media.name(), media.size())).toList(),
                m.clientMessageId(), m.delivered(), Times.iso(m.deliveredAt()), m.isRead(), Times.iso(m.readAt()), Times.iso(m.createdAt()));
    }
}
