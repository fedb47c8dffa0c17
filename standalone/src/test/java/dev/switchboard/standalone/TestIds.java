package dev.switchboard.standalone;

/** Fresh ObjectId-shaped ids, so tests sharing one stack never see each other's users. */
final class TestIds {
    private TestIds() {
    }

    static String user() {
        return dev.switchboard.events.Ids.newId();
    }
}
