package dev.switchboard.projector.kafka;

/**
 * Which batches store their positions durably (a journaled write, which the store answers only once it and every
 * write before it are on disk). The live loop: every batch, so what it acknowledged is kept. A rebuild: only every
 * {@code actionsBetween} actions and at its end ({@link BatchApplier#makeDurable()}). Its database is not used until it
 * has finished and an interrupted rebuild is run again into an empty database, so nothing is lost by writing the
 * rest unjournaled; the bound keeps the embedded store from holding an unbounded amount of unwritten data in memory.
 */
final class PositionDurability {
    /** A rebuild's journaled writes: one per this many actions, and one at the end. */
    static final long REBUILD_ACTIONS_BETWEEN = 250_000;

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
