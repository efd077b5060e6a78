package ptecheck.explore.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on the bytes a search may hold in its large arrays (stores, frontier, buffers).
 * Every such array is reserved here before it is allocated and released when it is dropped,
 * so a search can stop cleanly, with what it explored, instead of running out of heap.
 *
 * <p>Thread-safe.
 */
public final class MemoryBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    public MemoryBudget(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("memory budget must be positive, got " + limitBytes);
        }
        this.limit = limitBytes;
    }

    /** No bound beyond what the heap allows. */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    /** Reserves {@code bytes}; false (and nothing reserved) when that would pass the limit. */
    public boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            long next = now + bytes;
            if (next > limit || next < 0) {
                return false;
            }
            if (used.compareAndSet(now, next)) {
                peak.accumulateAndGet(next, Math::max);
                return true;
            }
        }
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    /** The most that was reserved at once. */
    public long peak() {
        return peak.get();
    }

    public long limit() {
        return limit;
    }

    public boolean bounded() {
        return limit != Long.MAX_VALUE;
    }
}
