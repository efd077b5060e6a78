package ptecheck.lang.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.diag.Diagnostics;

/**
 * Applies {@code extend agent A { rule ... }} and {@code on A.r { ... }} to the agents they name,
 * so that every pass and the compiler see one agent with all its rules: a spec adds to a model's
 * hardware without copying it. An observer's statements become a nested {@code atomic} block at
 * the end of the rule's body, so they run inside the rule's step and add no interleaving.
 */
final class AgentExtensions {
    private AgentExtensions() {}

    /** Replaces the agents in {@code decls} by their extended versions; reports what names nothing. */
    static void apply(Map<String, Decl> decls, List<Decl> extensions, Diagnostics diags) {
        for (Decl d : extensions) {
            if (d instanceof Decl.Extend x) {
                Decl.Agent a = agent(decls, x.name(), x, diags);
                if (a == null) {
                    continue;
                }
                List<Decl.Rule> rules = new ArrayList<>(a.rules());
                for (Decl.Rule r : x.rules()) {
                    Decl.Rule first = rule(rules, r.name());
                    if (first != null) {
                        diags.error(r.pos(), "agent '" + a.name() + "' already has a rule '" + r.name() + "'",
                                "first declared at " + first.pos().file() + ":" + first.pos().line());
                        continue;
                    }
                    rules.add(r);
                }
                decls.put(a.name(), new Decl.Agent(a.pos(), a.name(), a.params(), a.cpu(), rules));
            }
        }
        for (Decl d : extensions) {
            if (d instanceof Decl.Observer o) {
                Decl.Agent a = agent(decls, o.agent(), o, diags);
                if (a == null) {
                    continue;
                }
                Decl.Rule r = rule(a.rules(), o.rule());
                if (r == null) {
                    diags.error(o.pos(), "agent '" + a.name() + "' has no rule '" + o.rule() + "'",
                            "rules: " + String.join(", ", a.rules().stream().map(Decl.Rule::name).toList()));
                    continue;
                }
                List<Stmt> body = new ArrayList<>(r.body());
                body.add(new Stmt.Atomic(o.pos(), o.text(), o.body()));
                List<Decl.Rule> rules = new ArrayList<>(a.rules());
                rules.set(rules.indexOf(r), new Decl.Rule(r.pos(), r.name(), r.binders(), r.guard(), body, r.text()));
                decls.put(a.name(), new Decl.Agent(a.pos(), a.name(), a.params(), a.cpu(), rules));
            }
        }
    }

    private static Decl.Agent agent(Map<String, Decl> decls, String name, Decl site, Diagnostics diags) {
        Decl d = decls.get(name);
        if (d instanceof Decl.Agent a) {
            return a;
        }
        List<String> agents = new ArrayList<>();
        decls.values().forEach(x -> {
            if (x instanceof Decl.Agent a) {
                agents.add(a.name());
            }
        });
        diags.error(site.pos(), d == null ? "unknown agent '" + name + "'" : "'" + name + "' is not an agent",
                agents.isEmpty() ? "declare it with 'agent " + name + " { rule ... }'" : "agents: " + String.join(", ", agents));
        return null;
    }

    private static Decl.Rule rule(List<Decl.Rule> rules, String name) {
        for (Decl.Rule r : rules) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
