package ptecheck.lang.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.ast.TypeExpr;
import ptecheck.lang.diag.Diagnostic;
import ptecheck.lang.diag.SpecException;

/** The grammar and the AST builder: shapes, precedence, soft keywords and positions. */
class SpecParserTest {

    // ------------------------------------------------------------------ precedence

    @Test
    void andBindsTighterThanOr() throws SpecException {
        assertEquals("(or a (and b c))", sexpr("a or b and c"));
        assertEquals("(or (and a b) c)", sexpr("a and b or c"));
    }

    @Test
    void impliesIsRightAssociativeAndLoosest() throws SpecException {
        assertEquals("(implies a (implies b c))", sexpr("a implies b implies c"));
        assertEquals("(implies (or a b) (and c d))", sexpr("a or b implies c and d"));
    }

    @Test
    void arithmeticFollowsTheUsualPrecedenceAndIsLeftAssociative() throws SpecException {
        assertEquals("(+ 1 (* 2 3))", sexpr("1 + 2 * 3"));
        assertEquals("(- (- a b) c)", sexpr("a - b - c"));
        assertEquals("(% (/ a b) c)", sexpr("a / b % c"));
        assertEquals("(< (+ a 1) (* b 2))", sexpr("a + 1 < b * 2"));
        assertEquals("(and (== a b) (!= c d))", sexpr("a == b and c != d"));
    }

    @Test
    void unaryOperatorsBindTightest() throws SpecException {
        assertEquals("(* (- x) y)", sexpr("-x * y"));
        assertEquals("(- (- x))", sexpr("- - x"));
        assertEquals("(and (not a) b)", sexpr("not a and b"));
        // `not` binds tighter than comparisons too: this is (not a) == b.
        assertEquals("(== (not a) b)", sexpr("not a == b"));
    }

    @Test
    void symbolicOperatorsAreNormalisedToWords() throws SpecException {
        assertEquals("(or (and (not a) b) c)", sexpr("!a && b || c"));
    }

    @Test
    void parenthesesOverridePrecedenceAndLeaveNoNode() throws SpecException {
        assertEquals("(and (or a b) c)", sexpr("(a or b) and c"));
        assertEquals("a", sexpr("((a))"));
    }

    @Test
    void postfixSelectorsChainLeftToRight() throws SpecException {
        assertEquals("(with (. ([] (. x f) i) g) {a: 1})", sexpr("x.f[i].g with { a: 1 }"));
        assertEquals("([] ([] tlb c) p)", sexpr("tlb[c][p]"));
    }

    @Test
    void aQuantifierBodyExtendsAsFarAsPossible() throws SpecException {
        assertEquals("(forall p PAGE (implies a b))", sexpr("forall p in PAGE: a implies b"));
        assertEquals("(exists c 0..1 (and (== ([] t c) none) (forall p PAGE ([] w p))))",
                sexpr("exists c in 0..1: t[c] == none and forall p in PAGE: w[p]"));
    }

    @Test
    void primariesCoverLiteralsCallsAndLabels() throws SpecException {
        assertEquals("(call f 1 true none)", sexpr("f(1, true, none)"));
        assertEquals("(call in_kernel)", sexpr("in_kernel()"));
        assertEquals("(@ k done)", sexpr("k@done"));
        assertEquals("(@ w[2] end)", sexpr("w[2]@end"));
        assertEquals("{present: true, pfn: 1}", sexpr("{ present: true, pfn: 1, }"));
        assertEquals("{}", sexpr("{}"));
    }

    @Test
    void anIntegerLiteralTooLargeForAnIntIsAnError() {
        SpecException e = assertThrows(SpecException.class, () -> parse("spec s\nconst C = 99999999999"));
        assertEquals(List.of("integer literal 99999999999 is too large"), messages(e));
    }

    // ------------------------------------------------------------------ statements

    @Test
    void everyStatementFormBuildsItsNode() throws SpecException {
        List<Stmt> body = kernelBody("""
                lbl: x = 1
                var a: 0..3 = 2
                var b: bool
                var c = x
                f(x)
                if x { skip } else if y { skip } else { skip }
                for p in PAGE { skip }
                while x { skip }
                atomic { await x; x = 2 }
                await y
                either { skip } or { skip } or { skip }
                lock l
                unlock l[0]
                assert named: x
                assert x
                return
                return x
                skip
                """);
        List<Class<?>> kinds = body.stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(Stmt.Labeled.class, Stmt.LocalVar.class, Stmt.LocalVar.class, Stmt.LocalVar.class,
                Stmt.ExprStmt.class, Stmt.If.class, Stmt.For.class, Stmt.While.class, Stmt.Atomic.class,
                Stmt.Await.class, Stmt.Either.class, Stmt.Lock.class, Stmt.Unlock.class, Stmt.Assert.class,
                Stmt.Assert.class, Stmt.Return.class, Stmt.Return.class, Stmt.Skip.class), kinds);

        Stmt.Labeled lbl = (Stmt.Labeled) body.get(0);
        assertEquals("lbl", lbl.label());
        assertInstanceOf(Stmt.Assign.class, lbl.body());
        Stmt.LocalVar bare = (Stmt.LocalVar) body.get(2);
        assertNull(bare.init());
        Stmt.LocalVar inferred = (Stmt.LocalVar) body.get(3);
        assertNull(inferred.type());
        Stmt.If chain = (Stmt.If) body.get(5);
        assertEquals(1, chain.otherwise().size());
        Stmt.If elseIf = (Stmt.If) chain.otherwise().get(0);
        assertEquals("if y", elseIf.text());
        assertEquals(1, elseIf.otherwise().size());
        assertEquals("for p in PAGE", body.get(6).text());
        assertEquals("while x", body.get(7).text());
        assertEquals(2, ((Stmt.Atomic) body.get(8)).body().size());
        assertEquals(3, ((Stmt.Either) body.get(10)).branches().size());
        assertEquals("named", ((Stmt.Assert) body.get(13)).name());
        assertNull(((Stmt.Assert) body.get(14)).name());
        assertNull(((Stmt.Return) body.get(15)).value());
        assertEquals("x", sexpr(((Stmt.Return) body.get(16)).value()));
    }

    @Test
    void semicolonsAndNewlinesAreBothOptionalSeparators() throws SpecException {
        List<Stmt> body = kernelBody("x = 1 y = 2; lock l unlock l;");
        assertEquals(4, body.size());
        assertEquals("x = 1", body.get(0).text());
    }

    @Test
    void braceAfterAnIfConditionOpensTheBlockNotARecordLiteral() throws SpecException {
        Stmt.If i = (Stmt.If) kernelBody("if b { l: x = 1 }").get(0);
        assertEquals("b", sexpr(i.cond()));
        assertInstanceOf(Stmt.Labeled.class, i.then().get(0));

        Stmt.If empty = (Stmt.If) kernelBody("if b {}").get(0);
        assertTrue(empty.then().isEmpty());
    }

    @Test
    void aRecordLiteralInsideAnIfConditionIsStillALiteral() throws SpecException {
        Stmt.If i = (Stmt.If) kernelBody("if p == { present: true } { skip }").get(0);
        assertEquals("(== p {present: true})", sexpr(i.cond()));
        assertInstanceOf(Stmt.Skip.class, i.then().get(0));
    }

    @Test
    void aRecordLiteralOnTheRightOfAnAssignment() throws SpecException {
        Stmt.Assign a = (Stmt.Assign) kernelBody("p = {}\nq = { dirty: true }").get(1);
        assertEquals("q", sexpr(a.target()));
        assertEquals("{dirty: true}", sexpr(a.value()));
    }

    @Test
    void statementTextIsOneLineWithoutComments() throws SpecException {
        Stmt s = kernelBody("""
                pt[p] = old with {   // keep the rest
                    write: false,
                    dirty: true
                }
                """).get(0);
        assertEquals("pt[p] = old with { write: false, dirty: true }", s.text());
    }

    // ------------------------------------------------------------------ declarations

    @Test
    void declarationsBuildTheirNodes() throws SpecException {
        SourceUnit u = parse("""
                spec everything;
                uses x86;
                const N: 0..3 = 2;
                type PAGE = 0..N-1
                enum Impl { naive, fixed, }
                record pte { present: bool, pfn: 0..1; cached[0..1]: bool }
                var pt[PAGE]: pte = { present: true }
                ghost var seen: bool
                ghost written[PAGE]: bool = false
                spinlock ptl[PAGE]
                fn both(a: bool, b: bool): bool = a and b
                proc swap(ref x: pte, v: pte): pte { return x }
                agent mmu(c: CPU) on cpu c { rule fill for p in PAGE, q in bool when pt[p].present { skip } rule tick { skip } }
                kernel k(i: 0..1) on cpu i { skip }
                invariant inv: true
                at end done: true
                expect violation done when N == 2
                expect pass otherwise
                expect pass
                """);
        assertFalse(u.model());
        assertEquals("everything", u.name());
        String kinds = u.decls().stream().map(d -> d.getClass().getSimpleName() + " " + d.name())
                .collect(Collectors.joining(", "));
        assertEquals("Uses x86, Const N, TypeAlias PAGE, Enum Impl, Record pte, Var pt, Var seen, Var written, "
                + "Lock ptl, Fn both, Proc swap, Agent mmu, Kernel k, Invariant inv, AtEnd done, "
                + "Expect done, Expect pass, Expect pass", kinds);

        assertEquals(List.of("naive", "fixed"), ((Decl.Enum) u.decls().get(3)).members());
        Decl.Record pte = (Decl.Record) u.decls().get(4);
        assertEquals(List.of("present", "pfn", "cached"), pte.fields().stream().map(Decl.FieldDecl::name).toList());
        assertEquals(1, pte.fields().get(2).dims().size());
        Decl.Var pt = (Decl.Var) u.decls().get(5);
        assertFalse(pt.ghost());
        assertEquals(1, pt.dims().size());
        assertTrue(((Decl.Var) u.decls().get(6)).ghost());
        assertTrue(((Decl.Var) u.decls().get(7)).ghost());
        Decl.Proc swap = (Decl.Proc) u.decls().get(10);
        assertTrue(swap.params().get(0).ref());
        assertFalse(swap.params().get(1).ref());
        assertInstanceOf(TypeExpr.NamedType.class, swap.result());
        Decl.Agent mmu = (Decl.Agent) u.decls().get(11);
        assertEquals(2, mmu.rules().size());
        Decl.Rule fill = mmu.rules().get(0);
        assertEquals(List.of("p", "q"), fill.binders().stream().map(Decl.Binder::name).toList());
        assertEquals("rule fill for p in PAGE, q in bool", fill.text());
        assertNotNull(fill.guard());
        assertNull(mmu.rules().get(1).guard());
        assertEquals("c", sexpr(mmu.cpu()));
        Decl.Expect first = (Decl.Expect) u.decls().get(15);
        assertEquals("(== N 2)", sexpr(first.when()));
        assertFalse(first.pass());
        Decl.Expect otherwise = (Decl.Expect) u.decls().get(16);
        assertTrue(otherwise.pass() && otherwise.otherwise() && otherwise.when() == null);
        Decl.Expect plain = (Decl.Expect) u.decls().get(17);
        assertTrue(plain.pass() && !plain.otherwise());
    }

    @Test
    void aModelHeaderMarksALibrary() throws SpecException {
        SourceUnit u = parse("model lib\nvar x: bool");
        assertTrue(u.model());
        assertEquals("lib", u.name());
    }

    @Test
    void typesCoverBoolNamesRangesAndOptionals() throws SpecException {
        SourceUnit u = parse("spec s\nvar a: bool\nvar b: pte?\nvar c: 0..N-1\nvar d: pte??");
        List<TypeExpr> types = u.decls().stream().map(d -> ((Decl.Var) d).type()).toList();
        assertInstanceOf(TypeExpr.BoolType.class, types.get(0));
        assertInstanceOf(TypeExpr.NamedType.class, ((TypeExpr.OptionalType) types.get(1)).inner());
        TypeExpr.RangeType range = (TypeExpr.RangeType) types.get(2);
        assertEquals("0", sexpr(range.lo()));
        assertEquals("(- N 1)", sexpr(range.hi()));
        assertInstanceOf(TypeExpr.OptionalType.class, ((TypeExpr.OptionalType) types.get(3)).inner());
    }

    // ------------------------------------------------------------------ comments

    @Test
    void commentsAreIgnoredWhereverTheyAppear() throws SpecException {
        SourceUnit u = parse("""
                // leading comment
                spec /* inline */ s
                /* a block
                   over lines */ var x: bool // trailing
                invariant i: x /* between */ and // end of line
                    x
                """);
        assertEquals("s", u.name());
        assertEquals(2, u.decls().size());
        assertEquals("(and x x)", sexpr(((Decl.Invariant) u.decls().get(1)).cond()));
        assertEquals(new Pos("t.ptm", 4, 21), u.decls().get(0).pos()); // columns count the comment
    }

    // ------------------------------------------------------------------ positions

    @Test
    void positionsAreOneBasedLinesAndZeroBasedColumns() throws SpecException {
        SourceUnit u = parse("""
                spec s
                var x: 0..3
                kernel k on cpu 0 {
                    x = x + 1
                    if x > 2 {
                        x = 0
                    }
                }
                invariant small: x.f < 3
                """);
        assertEquals(new Pos("t.ptm", 1, 0), u.pos());
        assertEquals(new Pos("t.ptm", 2, 4), u.decls().get(0).pos()); // the name, not 'var'
        Decl.Kernel k = (Decl.Kernel) u.decls().get(1);
        assertEquals(new Pos("t.ptm", 3, 7), k.pos());
        assertEquals(new Pos("t.ptm", 3, 16), k.cpu().pos());
        Stmt.Assign assign = (Stmt.Assign) k.body().get(0);
        assertEquals(new Pos("t.ptm", 4, 4), assign.pos());
        assertEquals(new Pos("t.ptm", 4, 10), assign.value().pos()); // the operator of a binary expression
        Stmt.If i = (Stmt.If) k.body().get(1);
        assertEquals(new Pos("t.ptm", 5, 4), i.pos());
        assertEquals(new Pos("t.ptm", 5, 9), i.cond().pos());
        assertEquals(new Pos("t.ptm", 6, 8), i.then().get(0).pos());
        Decl.Invariant inv = (Decl.Invariant) u.decls().get(2);
        assertEquals(new Pos("t.ptm", 9, 10), inv.pos());
        Expr.Binary lt = (Expr.Binary) inv.cond();
        assertEquals(new Pos("t.ptm", 9, 21), lt.pos());
        assertEquals(new Pos("t.ptm", 9, 19), lt.left().pos()); // a field access points at the field
        assertEquals("t.ptm:9:22", lt.pos().toString()); // shown 1-based
    }

    @Test
    void syntaxErrorsCarryTheOffendingTokensPosition() {
        SpecException e = assertThrows(SpecException.class, () -> parse("spec s\nvar x: bool\nvar = 3"));
        Diagnostic d = e.diagnostics().get(0);
        assertEquals(new Pos("t.ptm", 3, 4), d.pos());
        assertTrue(d.message().startsWith("syntax error: unexpected '='"), d.message());
    }

    @Test
    void anEmptyFileIsASyntaxError() {
        SpecException e = assertThrows(SpecException.class, () -> parse(""));
        assertTrue(messages(e).get(0).startsWith("syntax error: unexpected end of file"), messages(e).toString());
    }

    // ------------------------------------------------------------------ soft keywords

    @Test
    void onCpuAndAtEndAreSoftKeywords() throws SpecException {
        SourceUnit u = parse("""
                spec s
                const cpu = 0
                var end: bool
                kernel k on cpu cpu { end = true }
                at end end: end
                """);
        Decl.Kernel k = (Decl.Kernel) u.decls().get(2);
        assertEquals("cpu", sexpr(k.cpu()));
        Decl.AtEnd at = (Decl.AtEnd) u.decls().get(3);
        assertEquals("end", at.name());
        assertEquals("end", sexpr(at.cond()));
    }

    @Test
    void aMisspelledSoftKeywordIsALanguageErrorNotASyntaxError() {
        SpecException e = assertThrows(SpecException.class,
                () -> parse("spec s\nkernel k on core 0 { skip }\nat finish f: true"));
        assertEquals(List.of("expected 'cpu' after 'on'", "expected 'end' after 'at'"), messages(e));
        assertEquals(new Pos("t.ptm", 2, 12), e.diagnostics().get(0).pos());
        assertEquals(new Pos("t.ptm", 3, 3), e.diagnostics().get(1).pos());
    }

    // ------------------------------------------------------------------ helpers

    private static SourceUnit parse(String text) throws SpecException {
        return SpecParser.parse("t.ptm", text);
    }

    private static List<Stmt> kernelBody(String body) throws SpecException {
        SourceUnit u = parse("spec s\nkernel k on cpu 0 {\n" + body + "\n}");
        return ((Decl.Kernel) u.decls().get(0)).body();
    }

    /** Parses {@code expr} as an invariant's condition and prints it as an s-expression. */
    private static String sexpr(String expr) throws SpecException {
        SourceUnit u = parse("spec s\ninvariant i: " + expr);
        return sexpr(((Decl.Invariant) u.decls().get(0)).cond());
    }

    private static List<String> messages(SpecException e) {
        return e.diagnostics().stream().map(Diagnostic::message).toList();
    }

    static String sexpr(Expr e) {
        if (e instanceof Expr.IntLit i) {
            return Integer.toString(i.value());
        }
        if (e instanceof Expr.BoolLit b) {
            return Boolean.toString(b.value());
        }
        if (e instanceof Expr.NoneLit) {
            return "none";
        }
        if (e instanceof Expr.Name n) {
            return n.name();
        }
        if (e instanceof Expr.Call c) {
            return "(call " + c.name() + c.args().stream().map(a -> " " + sexpr(a)).collect(Collectors.joining()) + ")";
        }
        if (e instanceof Expr.AtLabel a) {
            return "(@ " + a.process() + (a.index() == null ? "" : "[" + sexpr(a.index()) + "]") + " " + a.label() + ")";
        }
        if (e instanceof Expr.Field f) {
            return "(. " + sexpr(f.target()) + " " + f.field() + ")";
        }
        if (e instanceof Expr.Index i) {
            return "([] " + sexpr(i.target()) + " " + sexpr(i.index()) + ")";
        }
        if (e instanceof Expr.With w) {
            return "(with " + sexpr(w.target()) + " " + inits(w.inits()) + ")";
        }
        if (e instanceof Expr.Unary u) {
            return "(" + u.op() + " " + sexpr(u.operand()) + ")";
        }
        if (e instanceof Expr.Binary b) {
            return "(" + b.op() + " " + sexpr(b.left()) + " " + sexpr(b.right()) + ")";
        }
        if (e instanceof Expr.Quant q) {
            return "(" + (q.forall() ? "forall" : "exists") + " " + q.var() + " " + type(q.domain()) + " "
                    + sexpr(q.body()) + ")";
        }
        if (e instanceof Expr.RecordLit r) {
            return inits(r.inits());
        }
        throw new IllegalArgumentException("unknown expression " + e);
    }

    private static String inits(List<Expr.FieldInit> inits) {
        return inits.stream().map(f -> f.name() + ": " + sexpr(f.value())).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String type(TypeExpr t) {
        if (t instanceof TypeExpr.BoolType) {
            return "bool";
        }
        if (t instanceof TypeExpr.NamedType n) {
            return n.name();
        }
        if (t instanceof TypeExpr.RangeType r) {
            return sexpr(r.lo()) + ".." + sexpr(r.hi());
        }
        return type(((TypeExpr.OptionalType) t).inner()) + "?";
    }
}
