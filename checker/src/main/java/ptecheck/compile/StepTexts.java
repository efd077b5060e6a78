package ptecheck.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.ast.TypeExpr;
import ptecheck.lang.check.Type;
import ptecheck.lang.check.Types;
import ptecheck.ts.StepText;

/**
 * Prints the statements of kernel steps for traces ({@link StepText}): loop variables and
 * by-value parameters bound to constants print as their values, every index as its value in
 * the state the step fires in ({@code ptes[t][entry_of(c)]} is {@code ptes[0][1]}), a branch
 * that constants fold away is left out, and an atomic block prints on several lines.
 *
 * <p>An index that an atomic block may write before it reads it stays as written: only the
 * state before the step is known.
 */
final class StepTexts {
    private final ExprCompiler ec;
    private final Map<StmtLowering.Frame, CallSite> calls = new IdentityHashMap<>();
    private int nextCall;

    StepTexts(ExprCompiler ec) {
        this.ec = ec;
    }

    /** An index whose value the state gives; {@code written} when it cannot be evaluated. */
    record Hole(IntExpr value, Type type, String written) {}

    /** A line of text with holes. */
    record Line(List<Object> parts) {
        String render(int[] s) {
            StringBuilder sb = new StringBuilder();
            for (Object p : parts) {
                if (p instanceof Hole h) {
                    String v;
                    try {
                        v = Types.format(h.type(), h.value().eval(s));
                    } catch (RuntimeException e) {
                        v = h.written(); // e.g. an index through an absent optional: not ours to report
                    }
                    sb.append(v);
                } else {
                    sb.append(p);
                }
            }
            return sb.toString();
        }

        static Line of(String text) {
            return new Line(List.of(text));
        }

        Line prefixed(String before, String after) {
            List<Object> out = new ArrayList<>();
            out.add(before);
            out.addAll(parts);
            out.add(after);
            return new Line(out);
        }
    }

    /** An inlined call: its id within the actor, the call statement, the pc of its first step. */
    record CallSite(int id, Line site, int entry) {}

    /** Remembers the call a frame stands for: {@code site} called from {@code entry}. */
    void enter(StmtLowering.Frame frame, Stmt site, Env env, int entry) {
        calls.put(frame, new CallSite(nextCall++, oneLine(site, env, null), entry));
    }

    /** The step text of an edge from {@code from} showing {@code lines}, inside the calls of {@code frame}. */
    StepText shown(List<Line> lines, StmtLowering.Frame frame, int from) {
        List<CallSite> chain = new ArrayList<>();
        for (StmtLowering.Frame f = frame; f != null; f = f.parent()) {
            CallSite c = calls.get(f);
            if (c != null) {
                chain.add(0, c);
            }
        }
        return new Shown(List.copyOf(chain), List.copyOf(lines), from);
    }

    private record Shown(List<CallSite> chain, List<Line> lines, int from) implements StepText {
        @Override
        public List<Call> calls(int[] before) {
            List<Call> out = new ArrayList<>();
            for (CallSite c : chain) {
                out.add(new Call(c.id(), c.site().render(before), c.entry() == from));
            }
            return out;
        }

        @Override
        public List<String> lines(int[] before) {
            List<String> out = new ArrayList<>();
            for (Line l : lines) {
                out.add(l.render(before));
            }
            return out;
        }
    }

    /** {@code s} as a step shows it: its head for a compound statement, every line of an atomic block. */
    List<Line> statement(Stmt s, Env env, BitSet written) {
        List<Line> out = new ArrayList<>();
        if (s instanceof Stmt.Atomic || s instanceof Stmt.Labeled l && l.body() instanceof Stmt.Atomic) {
            block(List.of(s), env, written, "", out);
        } else {
            out.add(oneLine(s, env, written));
        }
        return out;
    }

    /** A simple statement, or the head of a compound one ({@code if cond}), on one line. */
    Line oneLine(Stmt s, Env env, BitSet written) {
        Printer p = new Printer(env, written);
        p.head(s);
        return p.line();
    }

    private void block(List<Stmt> body, Env env, BitSet written, String indent, List<Line> out) {
        for (Stmt s : body) {
            while (s instanceof Stmt.Labeled l) {
                s = l.body();
            }
            if (s instanceof Stmt.LocalVar v && v.init() == null) {
                continue;
            }
            if (s instanceof Stmt.If i) {
                CExpr c = ec.compileQuietly(i.cond(), env);
                Integer k = c.failed() ? null : c.constant();
                if (k != null) {
                    block(k != 0 ? i.then() : i.otherwise(), env, written, indent, out); // folded by constants
                    continue;
                }
                out.add(oneLine(s, env, written).prefixed(indent, " {"));
                block(i.then(), env, written, indent + "  ", out);
                if (!i.otherwise().isEmpty()) {
                    out.add(Line.of(indent + "} else {"));
                    block(i.otherwise(), env, written, indent + "  ", out);
                }
                out.add(Line.of(indent + "}"));
            } else if (s instanceof Stmt.Atomic a) {
                out.add(Line.of(indent + "atomic {"));
                block(a.body(), env, written, indent + "  ", out);
                out.add(Line.of(indent + "}"));
            } else if (s instanceof Stmt.For f) {
                out.add(oneLine(s, env, written).prefixed(indent, " {"));
                block(f.body(), env, written, indent + "  ", out);
                out.add(Line.of(indent + "}"));
            } else {
                out.add(oneLine(s, env, written).prefixed(indent, ""));
            }
        }
    }

    /** Prints one line: text with holes. Precedences follow the grammar (grammar/Ptm.g4). */
    private final class Printer {
        private final Env env;
        private final BitSet written;
        private final List<Object> parts = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        Printer(Env env, BitSet written) {
            this.env = env;
            this.written = written;
        }

        Line line() {
            flush();
            return new Line(List.copyOf(parts));
        }

        private void flush() {
            if (text.length() > 0) {
                parts.add(text.toString());
                text.setLength(0);
            }
        }

        private Printer put(String s) {
            text.append(s);
            return this;
        }

        void head(Stmt s) {
            if (s instanceof Stmt.Labeled l) {
                head(l.body());
            } else if (s instanceof Stmt.LocalVar v) {
                put(v.name());
                if (v.init() != null) {
                    put(" = ").expr(v.init(), 0);
                }
            } else if (s instanceof Stmt.Assign a) {
                expr(a.target(), 0);
                put(" = ").expr(a.value(), 0);
            } else if (s instanceof Stmt.ExprStmt e) {
                expr(e.expr(), 0);
            } else if (s instanceof Stmt.If i) {
                put("if ").expr(i.cond(), 0);
            } else if (s instanceof Stmt.For f) {
                put("for " + f.var() + " in ").type(f.domain());
            } else if (s instanceof Stmt.While w) {
                put("while ").expr(w.cond(), 0);
            } else if (s instanceof Stmt.Atomic) {
                put("atomic { ... }");
            } else if (s instanceof Stmt.Await a) {
                put("await ").expr(a.cond(), 0);
            } else if (s instanceof Stmt.Either) {
                put("either");
            } else if (s instanceof Stmt.Lock l) {
                put("lock ").expr(l.lock(), 0);
            } else if (s instanceof Stmt.Unlock u) {
                put("unlock ").expr(u.lock(), 0);
            } else if (s instanceof Stmt.Assert a) {
                put("assert ").put(a.name() == null ? "" : a.name() + ": ").expr(a.cond(), 0);
            } else if (s instanceof Stmt.Return r) {
                put("return");
                if (r.value() != null) {
                    put(" ").expr(r.value(), 0);
                }
            } else if (s instanceof Stmt.Skip) {
                put("skip");
            } else {
                put(s.text());
            }
        }

        private void type(TypeExpr t) {
            if (t instanceof TypeExpr.NamedType n) {
                put(n.name());
            } else if (t instanceof TypeExpr.RangeType r) {
                expr(r.lo(), 6);
                put("..");
                expr(r.hi(), 6);
            } else if (t instanceof TypeExpr.BoolType) {
                put("bool");
            } else if (t instanceof TypeExpr.OptionalType o) {
                type(o.inner());
                put("?");
            }
        }

        private static int precedence(String op) {
            return switch (op) {
                case "implies" -> 1;
                case "or", "||" -> 2;
                case "and", "&&" -> 3;
                case "==", "!=", "<", "<=", ">", ">=" -> 4;
                case "+", "-" -> 5;
                default -> 6; // * / %
            };
        }

        /** Prints {@code e}, in parentheses when it binds less tightly than {@code min}. */
        Printer expr(Expr e, int min) {
            int own = e instanceof Expr.Binary b ? precedence(b.op()) : e instanceof Expr.Unary ? 7
                    : e instanceof Expr.Quant ? 0 : 9;
            boolean paren = own < min;
            if (paren) {
                put("(");
            }
            if (e instanceof Expr.IntLit i) {
                put(Integer.toString(i.value()));
            } else if (e instanceof Expr.BoolLit b) {
                put(Boolean.toString(b.value()));
            } else if (e instanceof Expr.NoneLit) {
                put("none");
            } else if (e instanceof Expr.Name n) {
                put(env.lookup(n.name()) instanceof Env.Value v ? v.value().show() : n.name());
            } else if (e instanceof Expr.Call c) {
                put(c.name()).put("(");
                for (int k = 0; k < c.args().size(); k++) {
                    put(k == 0 ? "" : ", ").expr(c.args().get(k), 0);
                }
                put(")");
            } else if (e instanceof Expr.AtLabel a) {
                put(a.process());
                if (a.index() != null) {
                    put("[").index(null, a.index()).put("]");
                }
                put("@" + a.label());
            } else if (e instanceof Expr.Field f) {
                expr(f.target(), 8).put("." + f.field());
            } else if (e instanceof Expr.Index ix) {
                expr(ix.target(), 8).put("[").index(ix.target(), ix.index()).put("]");
            } else if (e instanceof Expr.With w) {
                expr(w.target(), 8).put(" with ");
                fields(w.inits());
            } else if (e instanceof Expr.Unary u) {
                put(u.op().equals("not") ? "not " : u.op()).expr(u.operand(), 7);
            } else if (e instanceof Expr.Binary b) {
                int p = precedence(b.op());
                boolean right = b.op().equals("implies");
                expr(b.left(), right ? p + 1 : p).put(" " + b.op() + " ").expr(b.right(), right ? p : p + 1);
            } else if (e instanceof Expr.Quant q) {
                put((q.forall() ? "forall " : "exists ") + q.var() + " in ").type(q.domain());
                put(": ").expr(q.body(), 0);
            } else if (e instanceof Expr.RecordLit r) {
                fields(r.inits());
            } else if (e instanceof Expr.ArrayLit a) {
                put("[");
                for (int k = 0; k < a.elements().size(); k++) {
                    put(k == 0 ? "" : ", ").expr(a.elements().get(k), 0);
                }
                put("]");
            } else {
                put(Expr.describe(e));
            }
            if (paren) {
                put(")");
            }
            return this;
        }

        private void fields(List<Expr.FieldInit> inits) {
            if (inits.isEmpty()) {
                put("{}");
                return;
            }
            put("{ ");
            for (int k = 0; k < inits.size(); k++) {
                put(k == 0 ? "" : ", ").put(inits.get(k).name() + ": ").expr(inits.get(k).value(), 0);
            }
            put(" }");
        }

        /** An index: a literal as written, anything else as its value (known now, or in the state). */
        private Printer index(Expr array, Expr index) {
            if (index instanceof Expr.IntLit) {
                return expr(index, 0);
            }
            Type type = null;
            if (array != null) {
                CExpr a = ec.compileQuietly(array, env);
                type = !a.failed() && a.type() instanceof Type.Array arr ? arr.index() : null;
            }
            CExpr c = ec.compileQuietly(index, env);
            if (c.failed() || c.leaves().length != 1) {
                return expr(index, 0);
            }
            Type shown = type != null ? type : c.type();
            if (c.constant() != null) {
                return put(Types.format(shown, c.constant()));
            }
            BitSet reads = new BitSet();
            c.scalar().reads(reads);
            if (written != null && reads.intersects(written)) {
                return expr(index, 0);
            }
            Printer inner = new Printer(env, written);
            inner.expr(index, 0);
            flush();
            parts.add(new Hole(c.scalar(), shown, inner.line().render(new int[0])));
            return this;
        }
    }
}
