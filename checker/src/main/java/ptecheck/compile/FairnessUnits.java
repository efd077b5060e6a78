package ptecheck.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.ts.Fairness;

/**
 * The fairness constraints of a configuration: each {@code fair} target becomes one constraint
 * per instance. A kernel process or interrupt handler instance ({@code flusher}, {@code ack[1]})
 * and an agent instance ({@code mmu[1]}) are one constraint each, over all their groups (for a
 * handler, taking the interrupt too); a rule ({@code mmu.evict}) is one constraint per agent
 * instance and rule instance ({@code mmu[1].evict(p=0)}), over its one group. The check passes
 * have checked the targets' names.
 */
final class FairnessUnits {
    private FairnessUnits() {}

    static List<Fairness> of(List<SourceUnit> units, List<Group> groups) {
        Map<String, Fairness> out = new LinkedHashMap<>();
        for (SourceUnit u : units) {
            for (Decl d : u.decls()) {
                if (d instanceof Decl.Fair f) {
                    for (Decl.FairTarget t : f.targets()) {
                        for (Fairness c : constraints(t, f.strong(), groups)) {
                            out.putIfAbsent(c.describe(), c);
                        }
                    }
                }
            }
        }
        return List.copyOf(out.values());
    }

    private static List<Fairness> constraints(Decl.FairTarget t, boolean strong, List<Group> groups) {
        Map<String, BitSet> byName = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            String actor = groups.get(g).info().actor();
            if (!actor.equals(t.name()) && !actor.startsWith(t.name() + "[")) {
                continue;
            }
            String name = actor;
            if (t.rule() != null) {
                String action = groups.get(g).info().action();
                if (!action.equals(t.rule()) && !action.startsWith(t.rule() + "(")) {
                    continue;
                }
                name = actor + "." + action;
            }
            byName.computeIfAbsent(name, n -> new BitSet()).set(g);
        }
        List<Fairness> out = new ArrayList<>();
        byName.forEach((name, set) -> out.add(new Fairness(name, strong, set)));
        return out;
    }
}
