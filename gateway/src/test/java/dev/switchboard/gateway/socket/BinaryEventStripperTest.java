package dev.switchboard.gateway.socket;

import dev.switchboard.gateway.socket.BinaryEventStripper.Stripped;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binary events become plain events that keep their placeholders, and their attachments never reach netty-socketio:
 * on websocket as the frames after the event, on long-polling as the {@code b} packets after it, in the same request
 * or the next. The end to end refusal, with the official client, is in e2e/test/chat.test.mjs.
 */
class BinaryEventStripperTest {
    private static final String RS = "\u001e";
    private static final String PLACEHOLDER = "{\"_placeholder\":true,\"num\":0}";
    private static final String SECOND = "{\"_placeholder\":true,\"num\":1}";
    private static final String TWO = "[\"e\"," + PLACEHOLDER + "," + SECOND + "]";

    @Test
    void aBinaryEventBecomesAPlainEventWithItsNamespaceAckIdAndPlaceholders() {
        assertEquals(Stripped.replacedBy("42[\"send-message\"," + PLACEHOLDER + "]", 1),
                BinaryEventStripper.stripHeader("451-[\"send-message\"," + PLACEHOLDER + "]"));
        assertEquals(Stripped.replacedBy("42/chat,17" + TWO, 2), BinaryEventStripper.stripHeader("452-/chat,17" + TWO));
        assertEquals(Stripped.replacedBy("435[" + PLACEHOLDER + "]", 1), BinaryEventStripper.stripHeader("461-5[" + PLACEHOLDER + "]"));
    }

    @Test
    void noMoreAttachmentsAreDroppedThanTheHeaderHasStandInsFor() {
        assertEquals(1, BinaryEventStripper.stripHeader("4512345678901-[\"e\"," + PLACEHOLDER + "]").attachmentsToDrop());
        assertEquals(2, BinaryEventStripper.stripHeader("459-" + TWO).attachmentsToDrop());
        assertEquals(0, BinaryEventStripper.stripHeader("453-[\"e\"]").attachmentsToDrop());
    }

    @Test
    void packetsThatAreNotBinaryEventHeadersAreLeftAlone() {
        for (String packet : List.of("42[\"e\",{}]", "2", "3probe", "40", "45[\"e\"]", "45-[\"e\"]", "451[\"e\"]", "4a1-[]")) {
            assertNull(BinaryEventStripper.stripHeader(packet), packet);
        }
    }

    @Test
    void onWebsocketTheFramesAfterABinaryEventAreDroppedOneByOneAndThenFramesPassAsSent() {
        Stripped header = BinaryEventStripper.stripFrame(frame("452-" + TWO), 0);
        assertEquals("42" + TWO, header.text());

        Stripped first = BinaryEventStripper.stripFrame(Unpooled.wrappedBuffer(new byte[] {4, 5, 1}), header.attachmentsToDrop());
        Stripped second = BinaryEventStripper.stripFrame(Unpooled.wrappedBuffer(new byte[] {0x34, 0x35}), first.attachmentsToDrop());
        Stripped next = BinaryEventStripper.stripFrame(frame("42[\"e\"]"), second.attachmentsToDrop());

        assertEquals(Stripped.replacedBy(null, 1), first);
        assertEquals(Stripped.replacedBy(null, 0), second, "an attachment that looks like text is dropped too");
        assertEquals(Stripped.asSent(0), next);
    }

    @Test
    void onLongPollingTheBPacketsAfterABinaryEventAreDroppedAndTheOtherPacketsOfTheRequestKept() {
        String payload = String.join(RS, "42[\"a\"]", "451-1[\"e\"," + PLACEHOLDER + "]", "bAQID", "42[\"b\"]");

        assertEquals(Stripped.replacedBy(String.join(RS, "42[\"a\"]", "421[\"e\"," + PLACEHOLDER + "]", "42[\"b\"]"), 0),
                BinaryEventStripper.stripPayload(payload, 0));
    }

    @Test
    void onLongPollingAttachmentsThatComeInTheNextRequestAreDroppedThere() {
        Stripped first = BinaryEventStripper.stripPayload("452-" + TWO + RS + "bAA", 0);
        Stripped second = BinaryEventStripper.stripPayload("bBB" + RS + "42[\"x\"]", first.attachmentsToDrop());

        assertEquals(Stripped.replacedBy("42" + TWO, 1), first);
        assertEquals(Stripped.replacedBy("42[\"x\"]", 0), second);
        assertEquals(Stripped.replacedBy(null, 0), BinaryEventStripper.stripPayload("bCC", 1), "a request of attachments only");
    }

    @Test
    void onLongPollingAPacketThatIsNotAnAttachmentEndsTheDroppingAndARequestWithoutBinaryPassesAsSent() {
        assertEquals(Stripped.replacedBy("42" + TWO + RS + "42[\"x\"]" + RS + "bBB", 0),
                BinaryEventStripper.stripPayload("452-" + TWO + RS + "42[\"x\"]" + RS + "bBB", 0));
        assertEquals(Stripped.asSent(0), BinaryEventStripper.stripPayload("42[\"x\"]" + RS + "2", 0));
        assertEquals(Stripped.asSent(0), BinaryEventStripper.stripPayload("42[\"x\"]", 3), "expected attachments that never came");
    }

    @Test
    void aPlaceholderAnywhereInTheArgumentsIsFoundAndLookalikesAreNot() {
        Map<String, Object> placeholder = Map.of("_placeholder", true, "num", 0);
        assertTrue(ContractJsonSupport.holdsAttachmentPlaceholder(List.of(Map.of("content", placeholder))));
        assertTrue(ContractJsonSupport.holdsAttachmentPlaceholder(List.of(Map.of("media", List.of(Map.of("bytes", placeholder))))));
        assertFalse(ContractJsonSupport.holdsAttachmentPlaceholder(List.of(Map.of("_placeholder", "true", "num", 0))));
        assertFalse(ContractJsonSupport.holdsAttachmentPlaceholder(List.of(Map.of("_placeholder", true))));
        assertFalse(ContractJsonSupport.holdsAttachmentPlaceholder(List.of("chat-1", Map.of("content", "hi"))));
    }

    private static io.netty.buffer.ByteBuf frame(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
