import java.nio.file.*;
import java.util.*;
import ptecheck.compile.*;
import ptecheck.lang.parse.ModuleLoader;
import ptecheck.ts.*;
import ptecheck.explore.*;

/** Projection: state counts with POR and CPU symmetry, given compiler seam info (prototype). */
public class Project {
    public static void main(String[] a) throws Exception {
        ModuleLoader loader = new ModuleLoader(List.of(Path.of(System.getProperty("models", "models"))));
        var loaded = loader.load(Path.of(a[0]));
        Map<String,String> defs = new LinkedHashMap<>();
        for (int i = 1; i < a.length; i++) { String[] kv = a[i].split("="); defs.put(kv[0], kv[1]); }
        int cpus = Integer.parseInt(defs.get("CPUS"));
        TransitionSystem ts = SpecCompiler.compile(loaded, defs).system();
        // CPUs 1.. are interchangeable (the kernel runs on CPU 0): blocks = their TLB slots.
        List<int[]> blocks = new ArrayList<>();
        for (int c = 1; c < cpus; c++) {
            List<Integer> b = new ArrayList<>();
            for (int i = 0; i < ts.layout().size(); i++) if (ts.layout().slot(i).name().startsWith("tlb[" + c + "]")) b.add(i);
            blocks.add(b.stream().mapToInt(Integer::intValue).toArray());
        }
        int[] values = new int[blocks.size()];
        for (int i = 0; i < values.length; i++) values[i] = i + 1;
        Symmetry sym = new Symmetry("CPU", blocks.toArray(new int[0][]), values, new int[0]);
        TransitionSystem withSym = (TransitionSystem) java.lang.reflect.Proxy.newProxyInstance(
            Project.class.getClassLoader(), new Class<?>[] {TransitionSystem.class},
            (p, m, args) -> m.getName().equals("symmetries") ? List.of(sym) : m.invoke(ts, args));
        for (boolean por : new boolean[] {false, true}) for (boolean s : new boolean[] {false, true}) {
            SearchResult r = new BfsSearch(withSym, SearchOptions.defaults().withWorkers(2).withStore(StoreKind.FINGERPRINT)
                .withPartialOrder(por).withSymmetry(s).withCheckDependencies(false)).run();
            System.out.printf("por=%s symmetry=%s: %s %,d states, depth %d, %.1f s%n", por, s, r.outcome(), r.stats().distinct(), r.stats().depth(), r.stats().millis() / 1000.0);
        }
    }
}
