package dev.switchboard.events;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaUrlsTest {

    @Test
    void httpHttpsAndRelativeUrlsAreAllowed() {
        for (String url : List.of("https://files.example.com/a.png", "HTTP://example.com/x", "/uploads/a.png", "uploads/a.png",
                "a.png?x=1:2", "//cdn.example.com/a.png", "#fragment")) {
            assertTrue(MediaUrls.isAllowed(url), url);
        }
    }

    @Test
    void otherSchemesAreRefusedAsBrowsersWouldReadThem() {
        for (String url : List.of("javascript:alert(1)", "JavaScript:alert(1)", "  javascript:alert(1)", "\u0001javascript:alert(1)",
                "java\tscript:alert(1)", "jav\nascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox", "file:///etc/passwd")) {
            assertFalse(MediaUrls.isAllowed(url), url);
        }
    }
}
