package io.streamcast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parser's check for series names that are no Unicode text says what a UTF-8 encoder says. */
class UnicodeCheckTest {
    /** Strings of a few characters drawn mostly from the surrogates, so lone and paired ones are both common. */
    @Test
    void agreesWithTheUtf8EncoderOnStringsFullOfSurrogates() {
        char[] alphabet = {'a', 'é', '中', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00'};
        Random random = new Random(7);
        int refused = 0;
        for (int n = 0; n < 50_000; n++) {
            char[] chars = new char[random.nextInt(6)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(chars);
            boolean encodable = StandardCharsets.UTF_8.newEncoder().canEncode(s);
            assertEquals(
                    encodable,
                    ObservationParser.isUnicode(s),
                    () -> "for " + s.chars().boxed().toList());
            refused += encodable ? 0 : 1;
        }
        // Both verdicts drawn often enough to mean something.
        assertTrue(refused > 10_000 && refused < 40_000, "refused " + refused);
    }
}
