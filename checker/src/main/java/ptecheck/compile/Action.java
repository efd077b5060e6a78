package ptecheck.compile;

import java.util.BitSet;

/**
 * One effect of an atomic step, executed on the successor being built. Returns false when
 * the step must stop here (a {@code return} left the procedure).
 *
 * <p>Sealed: the analyses of the compiled system (which steps may fail, symmetry) dispatch
 * through {@link Visitor}, so a new kind of action does not compile until each of them says
 * what it means for that kind, instead of silently counting as "may fail" or "not symmetric".
 */
sealed interface Action permits Actions.Assign, Actions.If, Actions.Check, Actions.Unlock, Actions.SetPc, Actions.Stop,
        Actions.CallBlock, Actions.ReadAcquire, Actions.RwUnlock, Actions.RcuQuiesce, Actions.RcuSnapshot,
        Actions.Fence, WeakMemory.Store, WeakMemory.Drain, ArmMemory.Store, ArmMemory.Op {
    boolean exec(int[] w, Scratch scratch);

    void reads(BitSet out);

    void writes(BitSet out);

    <R> R accept(Visitor<R> v);

    /** One method per kind of action: an exhaustive dispatch. */
    interface Visitor<R> {
        R assign(Actions.Assign a);

        R branch(Actions.If a);

        R check(Actions.Check a);

        R unlock(Actions.Unlock a);

        R setPc(Actions.SetPc a);

        R stop(Actions.Stop a);

        R callBlock(Actions.CallBlock a);

        R readAcquire(Actions.ReadAcquire a);

        R rwUnlock(Actions.RwUnlock a);

        R rcuQuiesce(Actions.RcuQuiesce a);

        R rcuSnapshot(Actions.RcuSnapshot a);

        R fence(Actions.Fence a);

        R store(WeakMemory.Store a);

        R drain(WeakMemory.Drain a);

        R armStore(ArmMemory.Store a);

        R armOp(ArmMemory.Op a);
    }

    /** Per-stepper buffers: values of a compound assignment are computed before any is stored. */
    final class Scratch {
        final int[] values;

        Scratch(int size) {
            values = new int[Math.max(1, size)];
        }
    }
}
