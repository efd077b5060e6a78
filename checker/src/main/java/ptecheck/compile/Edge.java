package ptecheck.compile;

import ptecheck.lang.ast.Pos;

/**
 * One step of a kernel process or one rule instance before it becomes a transition group:
 * enabled at {@code from} (-1 for rules) when {@code guard} holds (null: always), it runs
 * {@code actions} and moves to {@code to}. {@code lockWait} is the lock a {@code lock} statement waits for; {@code ipiWait} the handlers
 * whose acknowledgement a sender of IPIs waits for; {@code gpWait} (or -1) the grace-period mask
 * a synchronize_rcu() waits on.
 */
record Edge(int from, IntExpr guard, Action[] actions, int to, Pos pos, String text, String context, Locks.Wait lockWait,
            java.util.List<Handler> ipiWait, int gpWait) {
    Edge(int from, IntExpr guard, Action[] actions, int to, Pos pos, String text, String context) {
        this(from, guard, actions, to, pos, text, context, null, null, -1);
    }

    Edge(int from, IntExpr guard, Action[] actions, int to, Pos pos, String text, String context, Locks.Wait lockWait) {
        this(from, guard, actions, to, pos, text, context, lockWait, null, -1);
    }

    Edge(int from, IntExpr guard, Action[] actions, int to, Pos pos, String text, String context, Locks.Wait lockWait,
         java.util.List<Handler> ipiWait) {
        this(from, guard, actions, to, pos, text, context, lockWait, ipiWait, -1);
    }
}
