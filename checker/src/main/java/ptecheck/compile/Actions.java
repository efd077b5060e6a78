package ptecheck.compile;

import java.util.BitSet;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StepFailure;

/** The {@link Action} kinds. */
final class Actions {
    private Actions() {}

    static boolean run(Action[] actions, int[] w, Action.Scratch scratch) {
        for (Action a : actions) {
            if (!a.exec(w, scratch)) {
                return false;
            }
        }
        return true;
    }

    static void reads(Action[] actions, BitSet out) {
        for (Action a : actions) {
            a.reads(out);
        }
    }

    static void writes(Action[] actions, BitSet out) {
        for (Action a : actions) {
            a.writes(out);
        }
    }

    /**
     * {@code target = value}, leaf by leaf. All leaves are evaluated before any is stored, so
     * {@code x = x with { a: x.b, b: x.a }} swaps. Every stored leaf is range-checked against
     * its slot, which is how an out-of-range integer assignment is caught.
     */
    static final class Assign implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.assign(this);
        }

        final Place target;
        final IntExpr[] leaves;
        final int[] mins;
        final int[] maxs;
        final SourceRef where;

        Assign(Place target, IntExpr[] leaves, int[] mins, int[] maxs, SourceRef where) {
            this.target = target;
            this.leaves = leaves;
            this.mins = mins;
            this.maxs = maxs;
            this.where = where;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            int[] v = scratch.values;
            int n = leaves.length;
            int slot = valuesInRange(w, v, leaves, mins, maxs, target, where);
            System.arraycopy(v, 0, w, slot, n);
            return true;
        }

        public void reads(BitSet out) {
            Actions.assignmentReads(leaves, target, out);
        }

        public void writes(BitSet out) {
            target.mayTouch(out, 0, leaves.length);
        }
    }

    /**
     * What an assignment of {@code leaves} to {@code target} reads: every leaf's value and the
     * target's address (its indices), for a plain store and a buffered one alike.
     */
    static void assignmentReads(IntExpr[] leaves, Place target, BitSet out) {
        for (IntExpr e : leaves) {
            e.reads(out);
        }
        target.readsForAddress(out);
    }

    /**
     * Evaluates {@code leaves} in {@code w} into {@code v} and checks each against its range, as
     * an assignment to {@code target} does (a store into a buffer too); returns the target's slot.
     * A value out of range fails the step, which then writes nothing.
     */
    static int valuesInRange(int[] w, int[] v, IntExpr[] leaves, int[] mins, int[] maxs, Place target, SourceRef where) {
        int n = leaves.length;
        for (int i = 0; i < n; i++) {
            v[i] = leaves[i].eval(w);
        }
        int slot = target.slot(w);
        for (int i = 0; i < n; i++) {
            if (v[i] < mins[i] || v[i] > maxs[i]) {
                throw new StepFailure(Violation.OUT_OF_RANGE.id(), "value " + v[i] + " is out of range " + mins[i] + ".."
                        + maxs[i] + " of " + target.name, where);
            }
        }
        return slot;
    }

    static final class If implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.branch(this);
        }

        final IntExpr cond;
        final Action[] then;
        final Action[] otherwise;

        If(IntExpr cond, Action[] then, Action[] otherwise) {
            this.cond = cond;
            this.then = then;
            this.otherwise = otherwise;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            return run(cond.eval(w) != 0 ? then : otherwise, w, scratch);
        }

        public void reads(BitSet out) {
            cond.reads(out);
            Actions.reads(then, out);
            Actions.reads(otherwise, out);
        }

        public void writes(BitSet out) {
            Actions.writes(then, out);
            Actions.writes(otherwise, out);
        }
    }

    static final class Check implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.check(this);
        }

        final IntExpr cond;
        final String property;
        final String message;
        final SourceRef where;

        Check(IntExpr cond, String property, String message, SourceRef where) {
            this.cond = cond;
            this.property = property;
            this.message = message;
            this.where = where;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            if (cond.eval(w) == 0) {
                throw new StepFailure(property, message, where);
            }
            return true;
        }

        public void reads(BitSet out) {
            cond.reads(out);
        }

        public void writes(BitSet out) {}
    }

    /** Releases a lock; releasing one this process does not hold is a finding. */
    static final class Unlock implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.unlock(this);
        }

        final Place lock;
        final int owner;
        final SourceRef where;

        Unlock(Place lock, int owner, SourceRef where) {
            this.lock = lock;
            this.owner = owner;
            this.where = where;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            int slot = lock.slot(w);
            if (w[slot] != owner) {
                throw new StepFailure(Violation.UNLOCK_NOT_HELD.id(),
                        "unlock of " + lock.name + ", which this process does not hold",
                        where);
            }
            w[slot] = 0;
            return true;
        }

        public void reads(BitSet out) {
            lock.readsForAddress(out);
            lock.mayTouch(out, 0, 1);
        }

        public void writes(BitSet out) {
            lock.mayTouch(out, 0, 1);
        }
    }

    static final class SetPc implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.setPc(this);
        }

        final int slot;
        final int pc;

        SetPc(int slot, int pc) {
            this.slot = slot;
            this.pc = pc;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            w[slot] = pc;
            return true;
        }

        public void reads(BitSet out) {}

        public void writes(BitSet out) {
            out.set(slot);
        }
    }

    /** Ends the step early: a {@code return} inside an atomic step. */
    static final class Stop implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.stop(this);
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            return false;
        }

        public void reads(BitSet out) {}

        public void writes(BitSet out) {}
    }

    /** An inlined procedure inside an atomic step: its {@code return} ends the procedure, not the step. */
    static final class CallBlock implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.callBlock(this);
        }

        final Action[] body;

        CallBlock(Action[] body) {
            this.body = body;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            run(body, w, scratch);
            return true;
        }

        public void reads(BitSet out) {
            Actions.reads(body, out);
        }

        public void writes(BitSet out) {
            Actions.writes(body, out);
        }
    }

    /** down_read(): adds this owner to the readers (the guard already saw no writer). */
    static final class ReadAcquire implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.readAcquire(this);
        }

        final Place lock;
        final int owner;

        ReadAcquire(Place lock, int owner) {
            this.lock = lock;
            this.owner = owner;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            w[lock.slot(w) + 1] |= Locks.bit(owner);
            return true;
        }

        public void reads(BitSet out) {
            lock.readsForAddress(out);
            lock.mayTouch(out, 0, 2);
        }

        public void writes(BitSet out) {
            lock.mayTouch(out, 1, 1);
        }
    }

    /** up_read()/up_write()/unlock of a reader-writer semaphore: releases the hold this owner has. */
    static final class RwUnlock implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.rwUnlock(this);
        }

        enum Mode { READ, WRITE, ANY }

        final Place lock;
        final int owner;
        final Mode mode;
        final SourceRef where;

        RwUnlock(Place lock, int owner, Mode mode, SourceRef where) {
            this.lock = lock;
            this.owner = owner;
            this.mode = mode;
            this.where = where;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            int slot = lock.slot(w);
            if (mode != Mode.READ && w[slot] == owner) {
                w[slot] = 0;
                return true;
            }
            if (mode != Mode.WRITE && (w[slot + 1] & Locks.bit(owner)) != 0) {
                w[slot + 1] &= ~Locks.bit(owner);
                return true;
            }
            String held = mode == Mode.READ ? "for reading" : mode == Mode.WRITE ? "for writing" : "";
            throw new StepFailure(Violation.UNLOCK_NOT_HELD.id(),
                    "release of " + lock.name + ", which this process does not hold "
                    + held, where);
        }

        public void reads(BitSet out) {
            lock.readsForAddress(out);
            lock.mayTouch(out, 0, 2);
        }

        public void writes(BitSet out) {
            lock.mayTouch(out, 0, 2);
        }
    }

    /**
     * RCU bookkeeping, resolved when first run (every process is lowered by then): which slots
     * hold read-side depths, interrupt flags and the grace-period masks of synchronize_rcu().
     */
    static final class Rcu {
        private final Concurrency conc;
        private volatile int[][] frozen;

        Rcu(Concurrency conc) {
            this.conc = conc;
        }

        /** {depth slot by owner, irq slot by owner, grace-period slots, handler pc slot by owner}. */
        int[][] slots() {
            int[][] f = frozen;
            if (f == null) {
                int n = conc.owners();
                f = new int[][] {conc.depthSlots(n), conc.irqSlotsByOwner(n), conc.gpSlots(), conc.handlerPcsByOwner(n)};
                frozen = f;
            }
            return f;
        }

        /**
         * True when {@code owner} is inside a read-side section: rcu_read_lock, interrupts off
         * (sched-RCU), or a running interrupt handler (handlers run with interrupts off).
         */
        boolean reading(int[] w, int owner) {
            int[][] f = slots();
            int depth = owner < f[0].length ? f[0][owner] : -1;
            int irq = owner < f[1].length ? f[1][owner] : -1;
            int handler = owner < f[3].length ? f[3][owner] : -1;
            return depth >= 0 && w[depth] > 0 || irq >= 0 && w[irq] == owner
                    || handler >= 0 && w[handler] != Handler.IDLE;
        }
    }

    /** After leaving a read-side section: stop holding up every grace period that waited for us. */
    static final class RcuQuiesce implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.rcuQuiesce(this);
        }

        final Rcu rcu;
        final int owner;

        RcuQuiesce(Rcu rcu, int owner) {
            this.rcu = rcu;
            this.owner = owner;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            if (!rcu.reading(w, owner)) {
                for (int gp : rcu.slots()[2]) {
                    w[gp] &= ~Locks.bit(owner);
                }
            }
            return true;
        }

        public void reads(BitSet out) {
            int[][] f = rcu.slots();
            for (int s : f[0]) {
                if (s >= 0) {
                    out.set(s);
                }
            }
            for (int s : f[1]) {
                if (s >= 0) {
                    out.set(s);
                }
            }
            for (int s : f[2]) {
                out.set(s);
            }
            for (int s : f[3]) {
                if (s >= 0) {
                    out.set(s);
                }
            }
        }

        public void writes(BitSet out) {
            for (int s : rcu.slots()[2]) {
                out.set(s);
            }
        }
    }

    /** synchronize_rcu(), first half: the grace period waits for everyone reading now. */
    static final class RcuSnapshot implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.rcuSnapshot(this);
        }

        final Rcu rcu;
        final int gpSlot;

        RcuSnapshot(Rcu rcu, int gpSlot) {
            this.rcu = rcu;
            this.gpSlot = gpSlot;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            int mask = 0;
            for (int o = 1; o <= rcu.slots()[0].length - 1; o++) {
                if (rcu.reading(w, o)) {
                    mask |= Locks.bit(o);
                }
            }
            w[gpSlot] = mask;
            return true;
        }

        public void reads(BitSet out) {
            new RcuQuiesce(rcu, 1).reads(out);
        }

        public void writes(BitSet out) {
            out.set(gpSlot);
        }
    }

    /**
     * A memory barrier, or the mark of a locked instruction at the start of an atomic step.
     * Under sequential consistency it does nothing; {@link WeakMemory} gives it its meaning.
     */
    static final class Fence implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.fence(this);
        }

        /**
         * FULL: smp_mb(), dmb ish; READ: smp_rmb(), dmb ishld; WRITE: smp_wmb(), dmb ishst; ATOMIC:
         * smp_mb__before/after_atomic(); LOCKED: an atomic step is a locked instruction (fully ordered); RELAXED_RMW: an atomic
         * read-modify-write that earlier accesses to other locations may pass; ACQUIRE and
         * RELEASE: the next assignment in the step is a load-acquire or a store-release; ISB: isb();
         * DSB: dsb(ish), a full barrier that also completes the CPU's TLB maintenance; DSB_ST:
         * dsb(ishst), the CPU's earlier stores complete; TLBI: the next assignment in the step is
         * TLB maintenance (hardware state that the issuing CPU's next DSB sets for sure).
         */
        enum Kind { FULL, READ, WRITE, ATOMIC, LOCKED, RELAXED_RMW, ACQUIRE, RELEASE, ISB, DSB, DSB_ST, TLBI }

        final Kind kind;

        Fence(Kind kind) {
            this.kind = kind;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            return true;
        }

        public void reads(BitSet out) {}

        public void writes(BitSet out) {}
    }
}
