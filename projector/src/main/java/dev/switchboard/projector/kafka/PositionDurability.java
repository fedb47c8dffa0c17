package dev.switchboard.projector.kafka;

/**
 * Which batches store their positions durably (a journaled write, which the store answers only once it and every
 * write before it are on disk). The live loop: every batch, so what it acknowledged is kept. A rebuild: only every
 * {@code actionsBetween} actions and at its end ({@link BatchApplier#makeDurable()}). Its database is not used until it
 * has finished and an interrupted rebuild is run again into an empty database, so nothing is lost by writing the
 * rest unjournaled; the bound keeps the embedded store from holding an unbounded amount of unwritten data in memory.
 */
final class PositionDurability {
    /**
     * A rebuild's journaled writes: one per this many actions, and one at the end. The embedded store keeps what is not
     * yet in its file on its heap, and every young collection of the stack copies it again: with a journaled write per
     * 250,000 actions the stack's young pauses grew to 150–260 ms and took a quarter of a rebuild's time. Per 10,000
     * actions they stay short, and the commits cost less than the copying did (measured: 11,200–12,600 → 14,900
     * actions/s on one lane; 5,000, 20,000 and 50,000 were slower).
     */
    static final long REBUILD_ACTIONS_BETWEEN = 10_000;

    private final long actionsBetween;
    private long actionsSince;

    private PositionDurability(long actionsBetween) {
        this.actionsBetween = actionsBetween;
    }

    static PositionDurability everyBatch() {
        return new PositionDurability(0);
    }

    static PositionDurability rebuild(long actionsBetween) {
        return new PositionDurability(actionsBetween);
    }

    /** Whether the positions of a batch of {@code actions} actions are to be written durably. */
    boolean durableAfter(int actions) {
        actionsSince += actions;
        if (actionsSince >= actionsBetween) {
            actionsSince = 0;
            return true;
        }
        return false;
    }

    /** A durable write was made outside of the batches (the end of a rebuild). */
    void madeDurable() {
        actionsSince = 0;
    }
}
