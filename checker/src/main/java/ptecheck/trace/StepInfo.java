package ptecheck.trace;

import ptecheck.ts.GroupInfo;
import ptecheck.ts.SourceRef;

/**
 * The provenance of a step as renderers show it: the seam's {@link GroupInfo} and the kernel
 * facts a {@link Provenance} adds.
 *
 * @param cpu the CPU the actor runs on, or -1 when it is not bound to a CPU
 * @param kernel true for kernel statements, false for hardware or other agents' rules
 */
public record StepInfo(GroupInfo group, int cpu, boolean kernel) {
    /** The provenance of group {@code g}, whose seam information is {@code info}. */
    public static StepInfo of(GroupInfo info, int g, Provenance provenance) {
        return new StepInfo(info, provenance.cpuOf(g), provenance.isKernel(g));
    }

    public String actor() {
        return group.actor();
    }

    public String action() {
        return group.action();
    }

    public SourceRef where() {
        return group.where();
    }

    public String text() {
        return group.text();
    }
}
