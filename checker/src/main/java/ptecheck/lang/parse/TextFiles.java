package ptecheck.lang.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the text files the checker is given (specs, models, traces) defensively: at most
 * {@link #MAX_BYTES} bytes, so that {@code /dev/zero} or a huge file is an input error rather
 * than an exhausted heap; UTF-8 only, with the line and column of the first byte that is not;
 * line endings normalised to {@code \n} (CR LF and a lone CR, old Mac style, end lines too), so
 * that the lexer's line numbers and the quoted source line agree.
 */
public final class TextFiles {
    /** No spec, model or trace of ours comes near this; a file over it is not one. */
    public static final int MAX_BYTES = 16 << 20;

    private TextFiles() {}

    /** The file is not readable text; {@code line}/{@code col} (1-based line, 0-based column) or 0. */
    public static final class NotText extends Exception {
        private final int line;
        private final int col;

        NotText(String message, int line, int col) {
            super(message, null, false, false);
            this.line = line;
            this.col = col;
        }

        public int line() {
            return line;
        }

        public int col() {
            return col;
        }
    }

    /** The text of {@code path}, line endings normalised. */
    public static String read(Path path) throws IOException, NotText {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new NotText("larger than " + (MAX_BYTES >> 20) + " MiB: not a spec or trace", 0, 0);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            // The text up to the bad byte says where it is.
            String before = normalize(out.flip().toString());
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < before.length(); i++) {
                if (before.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new NotText(String.format("not UTF-8 text (byte 0x%02x)", bytes[in.position()] & 0xff), line,
                    before.length() - lineStart);
        }
        decoder.flush(out);
        return normalize(out.flip().toString());
    }

    /** The text with CR LF and lone CR turned into LF. */
    public static String normalize(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Lenient decoding, for quoting a line of a file that is not UTF-8. */
    public static String readLenient(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return normalize(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "";
        }
    }
}
