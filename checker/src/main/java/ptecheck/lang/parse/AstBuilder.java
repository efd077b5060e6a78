package ptecheck.lang.parse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import ptecheck.grammar.PtmParser;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.ast.TypeExpr;
import ptecheck.lang.diag.Diagnostics;

/**
 * Turns ANTLR's parse tree into the AST. Soft keywords ({@code on cpu}, {@code at end}) are
 * checked here, so a misspelling reads as a language error rather than a parse error.
 */
final class AstBuilder {
    private final String file;
    private final Diagnostics diags;

    AstBuilder(String file, Diagnostics diags) {
        this.file = file;
        this.diags = diags;
    }

    SourceUnit unit(PtmParser.FileContext ctx) {
        List<Decl> decls = new ArrayList<>();
        for (PtmParser.DeclContext d : ctx.decl()) {
            Decl decl = decl(d);
            if (decl != null) {
                decls.add(decl);
            }
        }
        PtmParser.HeaderContext h = ctx.header();
        return new SourceUnit(pos(h), h.kind.getText().equals("model"), h.name.getText(), decls);
    }

    private Pos pos(Token t) {
        return new Pos(file, t.getLine(), t.getCharPositionInLine());
    }

    private Pos pos(ParserRuleContext ctx) {
        // Carets point at the operator of a binary expression, as in JKind.
        if (ctx instanceof PtmParser.BinaryExprContext b) {
            return pos(b.op);
        }
        return pos(ctx.getStart());
    }

    /** The source text of a context, on one line. */
    static String text(ParserRuleContext ctx) {
        if (ctx.getStop() == null || ctx.getStop().getStopIndex() < ctx.getStart().getStartIndex()) {
            return ctx.getText();
        }
        String raw = ctx.getStart().getInputStream()
                .getText(Interval.of(ctx.getStart().getStartIndex(), ctx.getStop().getStopIndex()));
        String one = raw.replaceAll("//[^\n]*", "").replaceAll("\\s+", " ").trim();
        return one.endsWith(";") ? one.substring(0, one.length() - 1).trim() : one;
    }

    private Decl decl(PtmParser.DeclContext d) {
        if (d.usesDecl() != null) {
            return new Decl.Uses(pos(d.usesDecl().name), d.usesDecl().name.getText());
        }
        if (d.requiresDecl() != null) {
            return requires(d.requiresDecl());
        }
        if (d.constDecl() != null) {
            var c = d.constDecl();
            return new Decl.Const(pos(c.name), c.name.getText(), c.type() == null ? null : type(c.type()), expr(c.expr()));
        }
        if (d.typeDecl() != null) {
            var t = d.typeDecl();
            return new Decl.TypeAlias(pos(t.name), t.name.getText(), type(t.type()));
        }
        if (d.enumDecl() != null) {
            var e = d.enumDecl();
            List<String> members = new ArrayList<>();
            List<Pos> positions = new ArrayList<>();
            for (var id : e.ID()) {
                if (id.getSymbol() == e.name) {
                    continue;
                }
                members.add(id.getText());
                positions.add(pos(id.getSymbol()));
            }
            return new Decl.Enum(pos(e.name), e.name.getText(), members, positions);
        }
        if (d.recordDecl() != null) {
            var r = d.recordDecl();
            List<Decl.FieldDecl> fields = new ArrayList<>();
            for (var f : r.fieldDecl()) {
                fields.add(new Decl.FieldDecl(pos(f.name), f.name.getText(), dims(f.dims()), type(f.type())));
            }
            return new Decl.Record(pos(r.name), r.name.getText(), fields);
        }
        if (d.varDecl() != null) {
            var v = d.varDecl();
            return new Decl.Var(pos(v.name), v.name.getText(), v.ghost != null, v.freeable != null, dims(v.dims()), type(v.type()),
                    v.init == null ? null : expr(v.init));
        }
        if (d.lockDecl() != null) {
            var l = d.lockDecl();
            return new Decl.Lock(pos(l.name), l.name.getText(), l.kind.getText().equals("rwsem"), dims(l.dims()));
        }
        if (d.fnDecl() != null) {
            var f = d.fnDecl();
            return new Decl.Fn(pos(f.name), f.name.getText(), params(f.params()), type(f.type()), expr(f.expr()));
        }
        if (d.procDecl() != null) {
            var p = d.procDecl();
            return new Decl.Proc(pos(p.name), p.name.getText(), params(p.params()),
                    p.type() == null ? null : type(p.type()), block(p.block()));
        }
        if (d.agentDecl() != null) {
            var a = d.agentDecl();
            return new Decl.Agent(pos(a.name), a.name.getText(), params(a.params()), onCpu(a.onCpu()), rules(a.ruleDecl()));
        }
        if (d.extendDecl() != null) {
            var x = d.extendDecl();
            return new Decl.Extend(pos(x.name), x.name.getText(), rules(x.ruleDecl()));
        }
        if (d.observerDecl() != null) {
            var o = d.observerDecl();
            String text = "on " + o.agentName.getText() + "." + o.ruleName.getText();
            return new Decl.Observer(pos(o.agentName), o.agentName.getText(), o.ruleName.getText(), block(o.block()), text);
        }

        if (d.kernelDecl() != null) {
            var k = d.kernelDecl();
            return new Decl.Kernel(pos(k.name), k.name.getText(), params(k.params()), onCpu(k.onCpu()), block(k.block()));
        }
        if (d.interruptDecl() != null) {
            var i = d.interruptDecl();
            return new Decl.Interrupt(pos(i.name), i.name.getText(), params(i.params()), onCpu(i.onCpu()), block(i.block()));
        }
        if (d.maxLocksDecl() != null) {
            var m = d.maxLocksDecl();
            return new Decl.MaxLocksHeld(pos(m.getStart()), expr(m.bound));
        }
        if (d.memoryDecl() != null) {
            var m = d.memoryDecl();
            if (!m.memKw.getText().equals("memory")) {
                diags.error(pos(m.memKw), "expected a declaration, found '" + m.memKw.getText() + "'",
                        "a declaration starts with a keyword such as var, proc, kernel or memory");
            }
            return new Decl.Memory(pos(m.memKw), m.model.getText(), pos(m.model), m.bound == null ? null : expr(m.bound));
        }
        if (d.invariantDecl() != null) {
            var i = d.invariantDecl();
            return new Decl.Invariant(pos(i.name), i.name.getText(), expr(i.expr()), text(i.expr()));
        }
        if (d.atEndDecl() != null) {
            var a = d.atEndDecl();
            if (!a.endKw.getText().equals("end")) {
                diags.error(pos(a.endKw), "expected 'end' after 'at'", "write 'at end NAME: condition'");
            }
            return new Decl.AtEnd(pos(a.name), a.name.getText(), expr(a.expr()), text(a.expr()));
        }
        if (d.livenessDecl() != null) {
            var l = d.livenessDecl();
            String text = l.then != null ? text(l.cond) + " leads_to " + text(l.then)
                    : (l.always != null ? "always eventually " : "eventually ") + text(l.cond);
            return new Decl.Liveness(pos(l.name), l.name.getText(), l.always != null, expr(l.cond),
                    l.then == null ? null : expr(l.then), text);
        }
        if (d.fairDecl() != null) {
            var f = d.fairDecl();
            List<Decl.FairTarget> targets = new ArrayList<>();
            for (var t : f.fairTarget()) {
                targets.add(new Decl.FairTarget(pos(t.name), t.name.getText(), t.ruleName == null ? null : t.ruleName.getText(),
                        t.ruleName == null ? null : pos(t.ruleName)));
            }
            return new Decl.Fair(pos(f.getStart()), f.strong != null, targets);
        }
        if (d.expectDecl() != null) {
            var e = d.expectDecl();
            return new Decl.Expect(pos(e.getStart()), e.pass != null ? null : e.property.getText(),
                    e.cond == null ? null : expr(e.cond), e.otherwise != null);
        }
        throw new IllegalStateException("unhandled declaration " + d.getText());
    }

    private List<Decl.Rule> rules(List<PtmParser.RuleDeclContext> list) {
        List<Decl.Rule> rules = new ArrayList<>();
        for (var r : list) {
            List<Decl.Binder> binders = new ArrayList<>();
            for (var b : r.binder()) {
                binders.add(binder(b));
            }
            // The guard is left out: the step's effects say what happened, and the rule's
            // source line is one click away.
            String head = "rule " + r.name.getText()
                    + (r.binder().isEmpty() ? "" : " for " + String.join(", ", r.binder().stream().map(AstBuilder::text).toList()));
            rules.add(new Decl.Rule(pos(r.name), r.name.getText(), binders, r.guard == null ? null : expr(r.guard),
                    block(r.block()), head));
        }
        return rules;
    }

    private Decl requires(PtmParser.RequiresDeclContext r) {
        Decl wanted;
        if (r.typeName != null) {
            wanted = new Decl.TypeAlias(pos(r.typeName), r.typeName.getText(), null);
        } else if (r.constName != null) {
            wanted = new Decl.Const(pos(r.constName), r.constName.getText(), r.type() == null ? null : type(r.type()), null);
        } else if (r.varName != null) {
            wanted = new Decl.Var(pos(r.varName), r.varName.getText(), false, r.freeable != null, dims(r.dims()),
                    type(r.type()), null);
        } else if (r.fnName != null) {
            wanted = new Decl.Fn(pos(r.fnName), r.fnName.getText(), params(r.params()), type(r.type()), null);
        } else {
            wanted = new Decl.Lock(pos(r.lockName), r.lockName.getText(), r.lockKind.getText().equals("rwsem"), dims(r.dims()));
        }
        return new Decl.Requires(pos(r.getStart()), wanted);
    }

    private Expr onCpu(PtmParser.OnCpuContext c) {
        if (c == null) {
            return null;
        }
        if (!c.cpuKw.getText().equals("cpu")) {
            diags.error(pos(c.cpuKw), "expected 'cpu' after 'on'", "write 'on cpu N'");
        }
        return expr(c.cpu);
    }

    private Decl.Binder binder(PtmParser.BinderContext b) {
        return new Decl.Binder(pos(b.name), b.name.getText(), type(b.type()));
    }

    private List<Decl.Param> params(PtmParser.ParamsContext ps) {
        List<Decl.Param> out = new ArrayList<>();
        if (ps != null) {
            for (var p : ps.param()) {
                out.add(new Decl.Param(pos(p.name), p.ref != null, p.name.getText(), type(p.type())));
            }
        }
        return out;
    }

    private List<TypeExpr> dims(PtmParser.DimsContext d) {
        List<TypeExpr> out = new ArrayList<>();
        for (var t : d.type()) {
            out.add(type(t));
        }
        return out;
    }

    TypeExpr type(PtmParser.TypeContext t) {
        if (t instanceof PtmParser.BoolTypeContext b) {
            return new TypeExpr.BoolType(pos(b));
        }
        if (t instanceof PtmParser.NamedTypeContext n) {
            return new TypeExpr.NamedType(pos(n), n.name.getText());
        }
        if (t instanceof PtmParser.RangeTypeContext r) {
            return new TypeExpr.RangeType(pos(r), expr(r.lo), expr(r.hi));
        }
        if (t instanceof PtmParser.OptionalTypeContext o) {
            return new TypeExpr.OptionalType(pos(o), type(o.type()));
        }
        throw new IllegalStateException("unhandled type " + t.getText());
    }

    private List<Stmt> block(PtmParser.BlockContext b) {
        List<Stmt> out = new ArrayList<>();
        for (var s : b.stmt()) {
            out.add(stmt(s));
        }
        return out;
    }

    private Stmt stmt(PtmParser.StmtContext s) {
        Pos p = pos(s);
        // Compound statements name themselves by their head: quoting their whole text at every
        // level of nesting would make deep nesting quadratic.
        boolean compound = s instanceof PtmParser.IfStmtAltContext || s instanceof PtmParser.ForStmtContext
                || s instanceof PtmParser.WhileStmtContext || s instanceof PtmParser.EitherStmtContext;
        String text = compound ? null : text(s);
        if (s instanceof PtmParser.LabeledStmtContext l) {
            return new Stmt.Labeled(p, text, l.label.getText(), stmt(l.stmt()));
        }
        if (s instanceof PtmParser.LocalVarStmtContext v) {
            return new Stmt.LocalVar(p, text, v.name.getText(), v.type() == null ? null : type(v.type()),
                    v.init == null ? null : expr(v.init));
        }
        if (s instanceof PtmParser.AssignStmtContext a) {
            return new Stmt.Assign(pos(a.value.getStart()).equals(p) ? p : p, text, expr(a.target), expr(a.value));
        }
        if (s instanceof PtmParser.ExprStmtContext e) {
            return new Stmt.ExprStmt(p, text, expr(e.expr()));
        }
        if (s instanceof PtmParser.IfStmtAltContext i) {
            return ifStmt(p, i.cond, i.then, i.elseIf, i.elseBlock);
        }
        if (s instanceof PtmParser.ForStmtContext f) {
            Decl.Binder b = binder(f.binder());
            return new Stmt.For(p, "for " + text(f.binder()), b.name(), b.domain(), block(f.block()));
        }
        if (s instanceof PtmParser.WhileStmtContext w) {
            return new Stmt.While(p, "while " + text(w.cond), expr(w.cond), block(w.block()));
        }
        if (s instanceof PtmParser.AtomicStmtContext a) {
            return new Stmt.Atomic(p, text, block(a.block()));
        }
        if (s instanceof PtmParser.AwaitStmtContext a) {
            return new Stmt.Await(p, text, expr(a.cond));
        }
        if (s instanceof PtmParser.EitherStmtContext e) {
            List<List<Stmt>> branches = new ArrayList<>();
            for (var b : e.block()) {
                branches.add(block(b));
            }
            return new Stmt.Either(p, "either", branches);
        }
        if (s instanceof PtmParser.LockStmtContext l) {
            return new Stmt.Lock(p, text, expr(l.lockRef));
        }
        if (s instanceof PtmParser.UnlockStmtContext u) {
            return new Stmt.Unlock(p, text, expr(u.lockRef));
        }
        if (s instanceof PtmParser.AssertStmtContext a) {
            return new Stmt.Assert(p, text, a.name == null ? null : a.name.getText(), expr(a.cond));
        }
        if (s instanceof PtmParser.ReturnStmtContext r) {
            return new Stmt.Return(p, text, r.value == null ? null : expr(r.value));
        }
        if (s instanceof PtmParser.SkipStmtContext) {
            return new Stmt.Skip(p, "skip");
        }
        throw new IllegalStateException("unhandled statement " + s.getText());
    }

    private Stmt ifStmt(Pos p, PtmParser.ExprContext cond, PtmParser.BlockContext then,
                        PtmParser.IfStmtContext elseIf, PtmParser.BlockContext elseBlock) {
        List<Stmt> otherwise = new ArrayList<>();
        if (elseIf != null) {
            otherwise.add(ifStmt(pos(elseIf), elseIf.cond, elseIf.then, elseIf.elseIf, elseIf.elseBlock));
        } else if (elseBlock != null) {
            otherwise = block(elseBlock);
        }
        return new Stmt.If(p, "if " + text(cond), expr(cond), block(then), otherwise);
    }

    Expr expr(PtmParser.ExprContext e) {
        Pos p = pos(e);
        if (e instanceof PtmParser.PrimaryExprContext pe) {
            return primary(pe.primary());
        }
        if (e instanceof PtmParser.FieldExprContext f) {
            return new Expr.Field(pos(f.field), expr(f.expr()), f.field.getText());
        }
        if (e instanceof PtmParser.IndexExprContext i) {
            return new Expr.Index(p, expr(i.expr(0)), expr(i.index));
        }
        if (e instanceof PtmParser.WithExprContext w) {
            return new Expr.With(p, expr(w.expr()), inits(w.fieldInit()));
        }
        if (e instanceof PtmParser.UnaryExprContext u) {
            String op = u.op.getText().equals("-") ? "-" : "not";
            return new Expr.Unary(p, op, expr(u.expr()));
        }
        if (e instanceof PtmParser.BinaryExprContext b) {
            String op = switch (b.op.getText()) {
                case "&&" -> "and";
                case "||" -> "or";
                default -> b.op.getText();
            };
            return new Expr.Binary(p, op, expr(b.expr(0)), expr(b.expr(1)));
        }
        if (e instanceof PtmParser.QuantExprContext q) {
            Decl.Binder b = binder(q.binder());
            return new Expr.Quant(p, q.quant.getText().equals("forall"), b.name(), b.domain(), expr(q.body));
        }
        if (e instanceof PtmParser.CondExprContext c) {
            return new Expr.Cond(p, expr(c.cond), expr(c.thenValue), expr(c.elseValue));
        }
        throw new IllegalStateException("unhandled expression " + e.getText());
    }

    private List<Expr.FieldInit> inits(List<PtmParser.FieldInitContext> list) {
        List<Expr.FieldInit> out = new ArrayList<>();
        for (var f : list) {
            out.add(new Expr.FieldInit(pos(f.name), f.name.getText(), expr(f.expr())));
        }
        return out;
    }

    private Expr primary(PtmParser.PrimaryContext c) {
        Pos p = pos(c);
        if (c instanceof PtmParser.IntLitContext i) {
            try {
                return new Expr.IntLit(p, Integer.parseInt(i.getText()));
            } catch (NumberFormatException ex) {
                diags.error(p, "integer literal " + i.getText() + " is too large");
                return new Expr.IntLit(p, 0);
            }
        }
        if (c instanceof PtmParser.BoolLitContext b) {
            return new Expr.BoolLit(p, b.value.getText().equals("true"));
        }
        if (c instanceof PtmParser.NoneLitContext) {
            return new Expr.NoneLit(p);
        }
        if (c instanceof PtmParser.CallExprContext call) {
            List<Expr> args = new ArrayList<>();
            for (var a : call.expr()) {
                args.add(expr(a));
            }
            return new Expr.Call(p, call.name.getText(), args);
        }
        if (c instanceof PtmParser.AtLabelExprContext a) {
            return new Expr.AtLabel(p, a.proc.getText(), a.index == null ? null : expr(a.index), a.label.getText());
        }
        if (c instanceof PtmParser.PassedExprContext a) {
            return new Expr.Passed(p, a.proc.getText(), a.index == null ? null : expr(a.index), a.label.getText());
        }
        if (c instanceof PtmParser.NameExprContext n) {
            return new Expr.Name(p, n.name.getText());
        }
        if (c instanceof PtmParser.ParenExprContext pe) {
            return expr(pe.expr());
        }
        if (c instanceof PtmParser.RecordLitContext r) {
            return new Expr.RecordLit(p, inits(r.fieldInit()));
        }
        if (c instanceof PtmParser.ArrayLitContext a) {
            List<Expr> elements = new ArrayList<>();
            for (var x : a.expr()) {
                elements.add(expr(x));
            }
            return new Expr.ArrayLit(p, elements);
        }
        if (c instanceof PtmParser.BracedListContext b) {
            List<String> items = b.expr().stream().map(AstBuilder::text).toList();
            diags.error(p, "'{ ... }' without field names is not a value",
                    "an array's elements are written in brackets: [" + String.join(", ", items) + "]; a record literal names its fields: { f: v }");
            return new Expr.ArrayLit(p, List.of());
        }
        throw new IllegalStateException("unhandled primary " + c.getText());
    }
}
