package ptecheck.explore.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes a checkpoint file: primitive values and arrays, little-endian, through one buffer,
 * with a CRC-32C of everything written appended by {@link #finish} so that a truncated or
 * damaged file is recognised ({@link CheckpointIn}). The seam the stores write themselves
 * through ({@link StateStore#save}): a store dumps its primitive arrays, nothing per state.
 */
public final class CheckpointOut implements AutoCloseable {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long written;

    public CheckpointOut(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    public void writeInt(int v) throws IOException {
        room(4);
        buffer.putInt(v);
    }

    public void writeLong(long v) throws IOException {
        room(8);
        buffer.putLong(v);
    }

    public void writeDouble(double v) throws IOException {
        writeLong(Double.doubleToRawLongBits(v));
    }

    public void writeBoolean(boolean v) throws IOException {
        room(1);
        buffer.put((byte) (v ? 1 : 0));
    }

    public void writeString(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(b.length);
        writeBytes(b, 0, b.length);
    }

    /** {@code a.length}, then the elements. */
    public void writeLongs(long[] a) throws IOException {
        writeInt(a.length);
        writeLongs(a, 0, a.length);
    }

    /** {@code n} elements from {@code a[from]}, without a length. */
    public void writeLongs(long[] a, int from, int n) throws IOException {
        for (int i = 0; i < n; ) {
            room(8);
            int k = Math.min(n - i, buffer.remaining() / 8);
            buffer.asLongBuffer().put(a, from + i, k);
            buffer.position(buffer.position() + 8 * k);
            i += k;
        }
    }

    /** {@code a.length}, then the elements. */
    public void writeInts(int[] a) throws IOException {
        writeInt(a.length);
        for (int i = 0; i < a.length; ) {
            room(4);
            int k = Math.min(a.length - i, buffer.remaining() / 4);
            buffer.asIntBuffer().put(a, i, k);
            buffer.position(buffer.position() + 4 * k);
            i += k;
        }
    }

    /** {@code a.length}, then the bytes. */
    public void writeBytes(byte[] a) throws IOException {
        writeInt(a.length);
        writeBytes(a, 0, a.length);
    }

    private void writeBytes(byte[] a, int from, int n) throws IOException {
        for (int i = 0; i < n; ) {
            room(1);
            int k = Math.min(n - i, buffer.remaining());
            buffer.put(a, from + i, k);
            i += k;
        }
    }

    /** Bytes written so far. */
    public long size() {
        return written + buffer.position();
    }

    /** Appends the checksum and forces the file to the disk. */
    public void finish() throws IOException {
        drain();
        long sum = crc.getValue();
        buffer.putLong(sum);
        buffer.flip();
        while (buffer.hasRemaining()) {
            written += channel.write(buffer);
        }
        buffer.clear();
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            drain();
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        ByteBuffer view = buffer.duplicate();
        crc.update(view);
        while (buffer.hasRemaining()) {
            written += channel.write(buffer);
        }
        buffer.clear();
    }
}
