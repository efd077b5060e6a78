package ptecheck.explore.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads what a {@link CheckpointOut} wrote. {@link #verify} checks the checksum of the whole
 * file first, so that nothing of a truncated or damaged file is used; every length read is
 * also checked against what is left, so a bad length fails cleanly instead of allocating.
 * Reading past the end, or a value a reader finds impossible ({@link #check}), throws a
 * {@link CheckpointException}.
 */
public final class CheckpointIn implements AutoCloseable {
    private static final String DAMAGED_HINT = "the file is truncated or damaged (a crash while it was copied?); "
            + "an interrupted checkpoint leaves the previous one in place, so this one cannot be used: "
            + "run again without --recover";

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    /** Bytes of content: the file less its checksum. */
    private final long limit;
    private long consumed;

    public CheckpointIn(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.limit = Math.max(0, channel.size() - 8);
        buffer.limit(0);
    }

    public Path file() {
        return file;
    }

    /**
     * Checks the checksum of the whole file, then goes back to its start. Throws when it does
     * not match (or the file is shorter than a checksum).
     */
    public void verify() throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw damaged("truncated: " + size + " bytes");
        }
        CRC32C crc = new CRC32C();
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 16);
        long pos = 0;
        while (pos < limit) {
            b.clear();
            b.limit((int) Math.min(b.capacity(), limit - pos));
            int n = channel.read(b, pos);
            if (n < 0) {
                throw damaged("truncated");
            }
            pos += n;
            b.flip();
            crc.update(b);
        }
        ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (tail.hasRemaining()) {
            if (channel.read(tail, limit + tail.position()) < 0) {
                throw damaged("truncated");
            }
        }
        if (tail.getLong(0) != crc.getValue()) {
            throw damaged("checksum mismatch: truncated or damaged");
        }
    }

    public int readInt() throws IOException {
        need(4);
        return buffer.getInt();
    }

    public long readLong() throws IOException {
        need(8);
        return buffer.getLong();
    }

    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    public boolean readBoolean() throws IOException {
        need(1);
        byte b = buffer.get();
        check(b == 0 || b == 1, "a flag is " + b);
        return b == 1;
    }

    public String readString() throws IOException {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    public byte[] readBytes() throws IOException {
        int n = length(1);
        byte[] a = new byte[n];
        for (int i = 0; i < n; ) {
            need(1);
            int k = Math.min(n - i, buffer.remaining());
            buffer.get(a, i, k);
            i += k;
        }
        return a;
    }

    /** A length-prefixed array, as {@link CheckpointOut#writeLongs(long[])} wrote it. */
    public long[] readLongs() throws IOException {
        long[] a = new long[length(8)];
        readLongs(a, 0, a.length);
        return a;
    }

    /** {@code n} elements into {@code a[from ..]}. */
    public void readLongs(long[] a, int from, int n) throws IOException {
        for (int i = 0; i < n; ) {
            need(8);
            int k = Math.min(n - i, buffer.remaining() / 8);
            buffer.asLongBuffer().get(a, from + i, k);
            buffer.position(buffer.position() + 8 * k);
            i += k;
        }
    }

    public int[] readInts() throws IOException {
        int[] a = new int[length(4)];
        readIntsInto(a);
        return a;
    }

    /** {@code a.length} elements, without a length (read before, with {@link #length}). */
    public void readIntsInto(int[] a) throws IOException {
        int n = a.length;
        for (int i = 0; i < n; ) {
            need(4);
            int k = Math.min(n - i, buffer.remaining() / 4);
            buffer.asIntBuffer().get(a, i, k);
            buffer.position(buffer.position() + 4 * k);
            i += k;
        }
    }

    /** A count of elements of {@code bytes} each, checked against what is left of the file. */
    public int length(int bytes) throws IOException {
        int n = readInt();
        check(n >= 0 && (long) n * bytes <= remaining(), "a length of " + n + " does not fit in the file");
        return n;
    }

    /** Bytes of content not read yet. */
    public long remaining() {
        return limit - consumed + buffer.remaining();
    }

    /** Throws a {@link CheckpointException} about damage unless {@code ok}. */
    public void check(boolean ok, String what) {
        if (!ok) {
            throw damaged("inconsistent content: " + what);
        }
    }

    /**
     * Reserves {@code bytes} of {@code budget} for an array about to be read; throws when the
     * memory bound is too small for what the checkpoint holds.
     */
    public void reserve(MemoryBudget budget, long bytes) {
        if (!budget.tryReserve(bytes)) {
            throw outOfMemory(budget);
        }
    }

    /** The memory bound is too small for what the checkpoint holds. */
    public CheckpointException outOfMemory(MemoryBudget budget) {
        return new CheckpointException(file.toString(), "the memory bound of " + budget.limit()
                + " bytes is too small for what the checkpoint holds", "raise --memory (or the Java heap: "
                + "JAVA_OPTS=-Xmx...)");
    }

    /** Ends reading: everything written must have been read. */
    public void end() {
        check(remaining() == 0, remaining() + " bytes left over");
    }

    private CheckpointException damaged(String what) {
        return new CheckpointException(file.toString(), what, DAMAGED_HINT);
    }

    private void need(int bytes) throws IOException {
        if (buffer.remaining() >= bytes) {
            return;
        }
        buffer.compact();
        while (buffer.position() < bytes) {
            long left = limit - consumed;
            if (left <= 0) {
                throw damaged("truncated: it ends after " + consumed + " bytes");
            }
            int room = (int) Math.min(buffer.remaining(), left);
            ByteBuffer slice = buffer.duplicate();
            slice.limit(slice.position() + room);
            int n = channel.read(slice, consumed);
            if (n < 0) {
                throw new EOFException();
            }
            consumed += n;
            buffer.position(buffer.position() + n);
        }
        buffer.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
