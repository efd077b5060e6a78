package ptecheck.compile;

/**
 * Who holds a lock, for both kinds: a spinlock's slot holds its owner id (0: free); a
 * reader-writer semaphore has a writer slot and, next to it, a bitmask of readers by owner id
 * (bit {@code owner - 1}).
 */
final class Locks {
    private Locks() {}

    /** One lock of the spec (an element of a lock family counts as one). */
    record Info(int slot, boolean rw, String name, int classId) {}

    /** How a {@code lock}-like statement waits: the lock, its kind, and whether it wants it shared. */
    record Wait(Place place, boolean rw, boolean read) {}

    static int bit(int owner) {
        return 1 << (owner - 1);
    }

    static boolean holds(int[] s, int slot, boolean rw, int owner) {
        return s[slot] == owner || rw && (s[slot + 1] & bit(owner)) != 0;
    }

    /** Owners that keep a waiter out: the writer, and for an exclusive request also every reader. */
    static void blockers(int[] s, int slot, boolean rw, boolean read, java.util.List<Integer> out) {
        if (s[slot] != 0) {
            out.add(s[slot]);
        }
        if (rw && !read) {
            int readers = s[slot + 1];
            for (int o = 1; readers != 0; o++, readers >>>= 1) {
                if ((readers & 1) != 0) {
                    out.add(o);
                }
            }
        }
    }
}
