package ptecheck.lang.ast;

import java.util.List;

/** Top-level declarations of a spec or model file. */
public sealed interface Decl {
    Pos pos();

    String name();

    record Uses(Pos pos, String name) implements Decl {}

    /**
     * In a model, {@code requires ...}: a declaration the model's user must make. {@code wanted}
     * is that declaration's shape: a {@link TypeAlias} with a null type (any type), a
     * {@link Const} with a null value, a {@link Var} without initial value, an {@link Fn}
     * without body, or a {@link Lock}. It declares nothing itself.
     */
    record Requires(Pos pos, Decl wanted) implements Decl {
        public String name() {
            return wanted.name();
        }
    }

    record Const(Pos pos, String name, TypeExpr type, Expr value) implements Decl {}

    record TypeAlias(Pos pos, String name, TypeExpr type) implements Decl {}

    record Enum(Pos pos, String name, List<String> members, List<Pos> memberPos) implements Decl {}

    record Record(Pos pos, String name, List<FieldDecl> fields) implements Decl {}

    record FieldDecl(Pos pos, String name, List<TypeExpr> dims, TypeExpr type) {}

    /** {@code freeable}: each element of the first dimension is a page that can be freed and reused. */
    record Var(Pos pos, String name, boolean ghost, boolean freeable, List<TypeExpr> dims, TypeExpr type, Expr init)
            implements Decl {}

    /** {@code spinlock NAME dims} or, with {@code rw}, {@code rwsem NAME dims}. */
    record Lock(Pos pos, String name, boolean rw, List<TypeExpr> dims) implements Decl {}

    record Fn(Pos pos, String name, List<Param> params, TypeExpr result, Expr body) implements Decl {}

    record Proc(Pos pos, String name, List<Param> params, TypeExpr result, List<Stmt> body) implements Decl {}

    record Param(Pos pos, boolean ref, String name, TypeExpr type) {}

    record Agent(Pos pos, String name, List<Param> params, Expr cpu, List<Rule> rules) implements Decl {}

    /** {@code extend agent NAME { rule ... }}: rules added to an agent declared elsewhere. Declares no name. */
    record Extend(Pos pos, String name, List<Rule> rules) implements Decl {}

    /**
     * {@code on AGENT.RULE { ... }}: statements run at the end of every firing of the rule, inside
     * its step. Declares no name; {@link #name} is how diagnostics call it.
     */
    record Observer(Pos pos, String agent, String rule, List<Stmt> body, String text) implements Decl {
        public String name() {
            return "on " + agent + "." + rule;
        }
    }

    record Rule(Pos pos, String name, List<Binder> binders, Expr guard, List<Stmt> body, String text) {}

    record Binder(Pos pos, String name, TypeExpr domain) {}

    record Kernel(Pos pos, String name, List<Param> params, Expr cpu, List<Stmt> body) implements Decl {}

    /** An IPI handler: one instance per parameter value (normally per CPU). */
    record Interrupt(Pos pos, String name, List<Param> params, Expr cpu, List<Stmt> body) implements Decl {}

    /** {@code max_locks_held N}: at most N locks held at once by the code running on one CPU. */
    record MaxLocksHeld(Pos pos, Expr bound) implements Decl {
        public String name() {
            return "max_locks_held";
        }
    }

    /**
     * {@code memory MODEL [(BOUND)]}: the memory model kernel code runs under ({@code sc} when the
     * spec has none); {@code bound} (or null) is the size of each CPU's store buffer.
     */
    record Memory(Pos pos, String model, Pos modelPos, Expr bound) implements Decl {
        public String name() {
            return "memory";
        }
    }

    record Invariant(Pos pos, String name, Expr cond, String text) implements Decl {}

    record AtEnd(Pos pos, String name, Expr cond, String text) implements Decl {}

    /**
     * {@code liveness NAME: eventually COND}, {@code always eventually COND} or
     * {@code COND leads_to THEN} ({@code then} is null for the first two).
     */
    record Liveness(Pos pos, String name, boolean always, Expr cond, Expr then, String text) implements Decl {}

    /** {@code [strong] fair TARGET, ...}: each target is a kernel process, handler or agent, or {@code agent.rule}. */
    record Fair(Pos pos, boolean strong, List<FairTarget> targets) implements Decl {
        public String name() {
            return "fair";
        }
    }

    /** {@code rule} is null for a whole process or agent. */
    record FairTarget(Pos pos, String name, String rule, Pos rulePos) {
        public String show() {
            return rule == null ? name : name + "." + rule;
        }
    }

    /** {@code property} is null for {@code expect pass}; {@code when} is null for an unconditional or {@code otherwise} clause. */
    record Expect(Pos pos, String property, Expr when, boolean otherwise) implements Decl {
        public String name() {
            return property == null ? "pass" : property;
        }

        public boolean pass() {
            return property == null;
        }
    }
}
