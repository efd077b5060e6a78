package ptecheck.compile;

import java.util.List;

/**
 * The kernel's memory barriers. Each is one {@link Actions.Fence}: nothing under sequential
 * consistency; under {@code memory tso}, {@link WeakMemory} drains the store buffer at a full
 * barrier and drops the others, which order nothing that x86-TSO does not already order
 * (loads are not reordered with loads, stores not with stores, and atomic read-modify-writes,
 * {@code atomic} steps, are locked instructions: Intel SDM Vol. 3A §8.2.2); under
 * {@code memory arm64}, {@link ArmMemory} gives each its ARMv8 meaning.
 */
final class BarrierPrimitives {
    private BarrierPrimitives() {}

    private static List<Action> fence(Actions.Fence.Kind kind) {
        return List.of(new Actions.Fence(kind));
    }

    /** smp_mb(): a full barrier (mfence or a locked instruction on x86). */
    static final class Mb implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall call) {
            return fence(Actions.Fence.Kind.FULL);
        }
    }

    /** smp_rmb(): orders loads with loads. */
    static final class Rmb implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall call) {
            return fence(Actions.Fence.Kind.READ);
        }
    }

    /** smp_wmb(): orders stores with stores. */
    static final class Wmb implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall call) {
            return fence(Actions.Fence.Kind.WRITE);
        }
    }

    /** smp_mb__before_atomic() / smp_mb__after_atomic(): a full barrier with the atomic next to it. */
    static final class AroundAtomic implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall call) {
            return fence(Actions.Fence.Kind.ATOMIC);
        }
    }

    /** dsb(ish): a full barrier that also completes this CPU's TLB maintenance ({@code __tlbi}). */
    static final class Dsb implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall call) {
            return fence(Actions.Fence.Kind.DSB);
        }
    }

    /** dsb(ishst): this CPU's earlier stores complete, before any later TLB maintenance too. */
    static final class DsbSt implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall call) {
            return fence(Actions.Fence.Kind.DSB_ST);
        }
    }

    /** isb(): nothing to do; see the prelude. */
    static final class Isb implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall call) {
            return List.of(new Actions.Fence(Actions.Fence.Kind.ISB));
        }
    }
}
