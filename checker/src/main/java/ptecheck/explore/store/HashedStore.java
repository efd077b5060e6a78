package ptecheck.explore.store;

/**
 * What the fingerprint and bitstate stores share: they keep only a hash of each packed state,
 * so the unpacked calls pack into a scratch buffer and go through the packed ones.
 */
abstract class HashedStore implements StateStore {
    protected final StatePacker packer;
    protected final int words;
    private final long[] scratch;

    HashedStore(StatePacker packer) {
        this.packer = packer;
        this.words = packer.words();
        this.scratch = new long[Math.max(1, words)];
    }

    @Override
    public final StatePacker packer() {
        return packer;
    }

    @Override
    public final int findOrPut(int[] state, int parentId, int group, int successor) {
        packer.pack(state, scratch, 0);
        return findOrPutPacked(scratch, 0, Hashing.hash(scratch, 0, words), parentId, group, successor);
    }

    @Override
    public final boolean contains(int[] state) {
        packer.pack(state, scratch, 0);
        return containsPacked(scratch, 0, Hashing.hash(scratch, 0, words));
    }
}
