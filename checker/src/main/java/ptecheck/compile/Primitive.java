package ptecheck.compile;

import java.util.List;

/**
 * How one kernel primitive declared in the prelude ({@code ptecheck/prelude.ptm}) lowers. The
 * prelude names the implementing class; {@link Primitives} creates one instance of it. Before
 * a lowering runs, the call has been checked against its declaration: the result is used if
 * and only if there is one, the caller may call it, the number of arguments (unless the last
 * parameter is variadic) and, after {@link #accepts}, the CPU. The analyses (may-fail,
 * symmetry, partial-order reduction, lockdep, deadlock detection) read the IR a primitive
 * lowers to, never its name, so a primitive made of existing actions needs nothing else.
 */
sealed interface Primitive permits Primitive.OneStep, Primitive.Waiting {

    /** Checks on the arguments that come before the CPU check; false after reporting an error. */
    default boolean accepts(PrimitiveCall call) {
        return true;
    }

    /** A primitive that never waits: a step of its own, or part of the atomic step it is called in. */
    non-sealed interface OneStep extends Primitive {
        /** The actions of the call; null after reporting an error. */
        List<Action> actions(PrimitiveCall call);
    }

    /** A primitive that can block (declared {@code waits}): steps of its own from {@code from} to {@code to}. */
    non-sealed interface Waiting extends Primitive {
        void steps(PrimitiveCall call, int from, int to);
    }
}
