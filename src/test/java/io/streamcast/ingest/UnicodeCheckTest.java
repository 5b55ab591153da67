package io.streamcast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser's checks say what a strict UTF-8 codec says: for series names in JSON, an encoder; for
 * record keys, a decoder (malformed bytes refused, not replaced).
 */
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

    /** Keys of a few bytes drawn from ASCII, UTF-8 lead and continuation bytes and bytes UTF-8 never uses. */
    @Test
    void readsKeysAsAStrictUtf8DecoderDoes() {
        byte[] alphabet = {
            'a',
            'Z',
            '0',
            0,
            0x7f,
            (byte) 0xc3,
            (byte) 0xa9,
            (byte) 0xe4,
            (byte) 0xb8,
            (byte) 0xad,
            (byte) 0xf0,
            (byte) 0x9f,
            (byte) 0x98,
            (byte) 0x80,
            (byte) 0xc0,
            (byte) 0xff,
            (byte) 0xed,
            (byte) 0xa0
        };
        Random random = new Random(11);
        int refused = 0;
        int ascii = 0;
        for (int n = 0; n < 50_000; n++) {
            byte[] key = new byte[random.nextInt(6)];
            // Every fourth key all ASCII, the usual kind, which takes the parser's short way.
            boolean plain = n % 4 == 0;
            for (int i = 0; i < key.length; i++) {
                key[i] = alphabet[random.nextInt(plain ? 5 : alphabet.length)];
            }
            String expected = strictlyDecoded(key);
            assertEquals(expected, ObservationParser.utf8(key), () -> "for " + java.util.Arrays.toString(key));
            refused += expected == null ? 1 : 0;
            ascii += plain ? 1 : 0;
        }
        assertTrue(refused > 10_000 && refused < 40_000, "refused " + refused);
        assertTrue(ascii > 10_000, "ascii " + ascii);
    }

    private static String strictlyDecoded(byte[] key) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
