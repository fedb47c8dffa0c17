package dev.switchboard.events;

import java.util.Locale;

/**
 * The rules for URLs that messages carry to other users' screens (chat media, support attachments): how many and how
 * long, and which: an absolute URL
 * is http or https, or the URL is relative (a path on the frontend's own host). Other schemes ({@code javascript:},
 * {@code data:}, {@code vbscript:}, {@code file:}, …) are refused, because a frontend that renders the URL as a link or
 * an image would run or open them for the receiver. The scheme is read as browsers read it: after leading spaces and
 * control characters, with tabs and newlines inside it ignored.
 */
public final class MediaUrls {
    /** How many media (chat) or attachments (support) one message carries at most. */
    public static final int MAX_PER_MESSAGE = 10;
    /** How long one such URL is at most. */
    public static final int MAX_LENGTH = 2048;

    private MediaUrls() {
    }

    public static boolean isAllowed(String url) {
        String scheme = schemeOf(url);
        return scheme == null || scheme.equals("http") || scheme.equals("https");
    }

    /** The URL's scheme in lower case, or null when it has none (a relative URL). */
    static String schemeOf(String url) {
        StringBuilder read = new StringBuilder();
        int i = 0;
        while (i < url.length() && url.charAt(i) <= ' ') {
            i++;
        }
        for (; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (c == ':') {
                return read.isEmpty() ? null : read.toString().toLowerCase(Locale.ROOT);
            }
            boolean schemeChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (!read.isEmpty() && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
            if (!schemeChar) {
                return null;
            }
            read.append(c);
        }
        return null;
    }
}
