package dev.switchboard.projector.support;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;
import dev.switchboard.projector.kafka.Projection;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Support tickets and their conversations: one read of the batch's tickets (and of the messages it marks read, and,
 * if any post carries a {@code clientMessageId}, one {@code clientKey $in} read of the originals of resends), the
 * decisions of {@link SupportDecider} in log order, one bulk write per collection, then the updates. Every refusal is
 * an update in the log beside the refused action.
 * <p>
 * <b>Re-runs decide from the state before the batch.</b> A batch can run again with some of its effects already
 * stored (a crash before its positions were stored, or a failed write). The ticket document carries, in {@code applied},
 * the ids of every action of the batch that last wrote it and the ticket (and message count) as that batch found it,
 * written in the same single-document write as the ticket. A batch that holds one of those actions is that batch run
 * again (a re-run starts at the same log position as the first run), so the ticket starts from the recorded earlier
 * state instead of the stored one; the messages the batch posts are not loaded at all (nor taken as originals of its
 * resends, though a first run stored their {@code clientKey}s), its posts create them again. Same
 * state and same actions give the same decisions: the same message numbers, the same updates (ids derived from the
 * action ids), the same documents, written again over the first run's by id. A re-run of a shorter batch writes the
 * ticket as of its last action, and the next batch goes on from there.
 * <p>
 * Messages that the batch marks read but did not post are loaded as stored, so after a partial first run their
 * {@code readBy} may already hold this batch's readers. That changes no decision: whether a read is accepted depends
 * only on the message's ticket and sender, which never change, and adding a reader twice leaves the same message.
 * <p>
 * We did not take {@code AppliedActions} (recorded updates per action, as presence does): it keeps the last 64 actions,
 * while one ticket can take hundreds of messages in one batch (up to 500), and it would copy every posted message, up
 * to 5,000 characters each, into the ticket's document. Here the bookkeeping is a list of action ids and a few fields.
 */
@Component
public class SupportProjection implements Projection {
    private final SupportStore store;

    public SupportProjection(SupportStore store) {
        this.store = store;
    }

    @Override
    public Topic actionTopic() {
        return Topic.SUPPORT_ACTIONS;
    }

    @Override
    public List<Envelope<?>> apply(List<Envelope<Event>> actions) {
        SupportBatch batch = new SupportBatch(actions);
        SupportBatch.Result result = batch.decide(store.tickets(batch.ticketIds()), store.messages(batch.messagesToLoad()),
                batch.clientKeys().isEmpty() ? List.of() : store.byClientKeys(batch.clientKeys()));
        store.write(result.messageWrites(), result.ticketWrites());
        return result.updates();
    }
}
