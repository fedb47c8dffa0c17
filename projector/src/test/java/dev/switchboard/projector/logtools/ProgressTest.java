package dev.switchboard.projector.logtools;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    @Test
    void aPlainDisplayEndsWithALineOfDoneTotalRateAndTimeLeft() {
        StringWriter out = new StringWriter();
        try (Progress progress = new Progress("rebuild", 1_000, new PrintWriter(out), false)) {
            progress.advance(250);
            assertTrue(progress.line().matches("rebuild: 250 / 1,000 events \\(25\\.0%\\), [\\d,]+ events/s, ETA \\d+:\\d{2}"), progress.line());
            progress.advance(750);
        }
        assertTrue(out.toString().startsWith("rebuild: 1,000 / 1,000 events (100.0%)"), out.toString());
        assertTrue(out.toString().strip().endsWith("ETA 0:00"), out.toString());
        assertTrue(!out.toString().contains("\r"), "no carriage returns when not on a terminal");
    }

    @Test
    void aTerminalDisplayRedrawsOneLine() {
        StringWriter out = new StringWriter();
        try (Progress progress = new Progress("export", 10, new PrintWriter(out), true)) {
            progress.advance(10);
        }
        assertTrue(out.toString().startsWith("\rexport: 10 / 10 events"), out.toString());
    }

    @Test
    void onlyATerminalDeviceCountsAsATerminal() {
        assertTrue(Progress.isTerminalDevice("/dev/pts/3"));
        assertTrue(Progress.isTerminalDevice("/dev/tty1"));
        assertFalse(Progress.isTerminalDevice("/tmp/rebuild.log"));
        assertFalse(Progress.isTerminalDevice("pipe:[4242]"));
        assertFalse(Progress.isTerminalDevice("/dev/null"));
    }
}
