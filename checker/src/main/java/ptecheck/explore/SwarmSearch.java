package ptecheck.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import ptecheck.explore.store.Hashing;
import ptecheck.ts.TransitionSystem;

/**
 * A swarm (Holzmann, Joshi and Groce, "Swarm verification"): {@link SearchOptions#swarm()}
 * depth-first bitstate searches, each with its own hash seed and order of firing groups, run on
 * the workers. Each loses different states, so together they cover more of a state space too big
 * to store than one search with all the memory would. A swarm is a partial search: finding
 * nothing ends {@link Outcome#INCOMPLETE}, with the states each member stored.
 *
 * <p>Member 0 searches in the groups' own order with unseeded hashes; member {@code i > 0} uses
 * seed {@code i}. The result does not depend on scheduling: when member {@code i} finds a
 * violation the members after it stop, those before it run to their end, and the violation of
 * the first member that found one is reported.
 */
final class SwarmSearch implements Search {
    private final TransitionSystem ts;
    private final SearchOptions options;

    SwarmSearch(TransitionSystem ts, SearchOptions options) {
        this.ts = ts;
        this.options = options;
    }

    @Override
    public SearchResult run() {
        int members = Math.max(1, options.swarm());
        int threads = Math.min(members, options.workers());
        long startNanos = System.nanoTime();
        // The memory bound is shared by the members that run at once.
        SearchOptions member = options.withStrategy(SearchStrategy.DFS).withStore(StoreKind.BITSTATE)
                .withWorkers(1).withProgress(null, options.progressMillis())
                .withMemoryBytes(Math.max(1, Stores.memoryLimit(options) / threads));
        AtomicInteger firstFound = new AtomicInteger(Integer.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ptecheck-swarm");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SearchResult>> futures = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    if (firstFound.get() < index) {
                        return null; // an earlier member found a violation: this one is not needed
                    }
                    SearchResult r = new DfsSearch(ts, member, seed(index), order(index, ts.groupCount()),
                            () -> firstFound.get() < index).run();
                    if (r.outcome() == Outcome.VIOLATION) {
                        firstFound.accumulateAndGet(index, Math::min);
                    }
                    return r;
                }));
            }
            List<Stats> stats = new ArrayList<>();
            SearchResult found = null;
            long generated = 0;
            long distinct = 0;
            int depth = 0;
            long bytes = 0;
            for (int i = 0; i < members; i++) {
                SearchResult r = futures.get(i).get();
                if (r == null || r.stats().stopReason().equals("stopped")) {
                    continue; // stopped because an earlier member found a violation
                }
                stats.add(r.stats());
                generated += r.stats().generated();
                distinct = Math.max(distinct, r.stats().distinct());
                depth = Math.max(depth, r.stats().depth());
                bytes += r.stats().storeBytes();
                if (found == null && r.outcome() == Outcome.VIOLATION) {
                    found = r;
                }
            }
            double missed = 1;
            for (Stats s : stats) {
                missed *= s.missProbability(); // each member is a separate chance to see the lost states
            }
            Outcome outcome = found != null ? Outcome.VIOLATION : Outcome.INCOMPLETE;
            Stats total = new Stats(generated, distinct, depth, (System.nanoTime() - startNanos) / 1_000_000, bytes,
                    threads, StoreKind.BITSTATE, bytes, 0, 0, 0, missed, 0, found != null ? "" : "swarm");
            return found != null
                    ? new SearchResult(outcome, total, found.counterexample(), found.witnesses(), stats)
                    : new SearchResult(outcome, total, null, List.of(), stats);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("swarm interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static long seed(int member) {
        return member == 0 ? 0 : Hashing.mix(0x9E3779B97F4A7C15L * member);
    }

    /** Member 0 fires groups in their own order, member 1 in reverse, the others shuffled by their seed. */
    static int[] order(int member, int groups) {
        int[] order = new int[groups];
        for (int g = 0; g < groups; g++) {
            order[g] = member == 1 ? groups - 1 - g : g;
        }
        if (member > 1) {
            SplittableRandom random = new SplittableRandom(seed(member));
            for (int i = groups - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }
}
