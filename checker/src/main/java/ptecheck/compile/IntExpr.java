package ptecheck.compile;

import java.util.BitSet;

/**
 * A compiled scalar expression over a state vector. Compound values (records, optionals,
 * arrays) are compiled to one {@code IntExpr} per leaf, so evaluation never allocates.
 *
 * <p>Sealed, with an exhaustive {@link Visitor}, for the same reason as {@link Action}.
 */
sealed interface IntExpr permits Eval.Const, Eval.Read, Eval.DynRead, Eval.Neg, Eval.Not, Eval.And, Eval.Or, Eval.Binary,
        Eval.Guarded, Eval.AtPc, Eval.Cond, WeakMemory.Load, ArmMemory.Load,
        ArmMemory.Settled, ArmMemory.Ready {
    int eval(int[] s);

    /** Adds every slot this expression may read. */
    void reads(BitSet out);

    /** The value, when it does not depend on the state; otherwise null. */
    default Integer constant() {
        return null;
    }

    <R> R accept(Visitor<R> v);

    /** One method per kind of expression: an exhaustive dispatch. */
    interface Visitor<R> {
        R constant(Eval.Const e);

        R read(Eval.Read e);

        R dynRead(Eval.DynRead e);

        R neg(Eval.Neg e);

        R not(Eval.Not e);

        R and(Eval.And e);

        R or(Eval.Or e);

        R binary(Eval.Binary e);

        R guarded(Eval.Guarded e);

        R atPc(Eval.AtPc e);

        R cond(Eval.Cond e);

        R load(WeakMemory.Load e);

        R armLoad(ArmMemory.Load e);

        R settled(ArmMemory.Settled e);

        R ready(ArmMemory.Ready e);
    }
}
