package ptecheck.cli;

import ptecheck.compile.CompiledSpec;
import ptecheck.trace.Provenance;

/** The kernel facts of a compiled spec's groups, for its traces. */
final class SpecProvenance implements Provenance {
    private final CompiledSpec spec;

    private SpecProvenance(CompiledSpec spec) {
        this.spec = spec;
    }

    static Provenance of(CompiledSpec spec) {
        return new SpecProvenance(spec);
    }

    @Override
    public int cpuOf(int group) {
        return spec.cpuOf(group);
    }

    @Override
    public boolean isKernel(int group) {
        return spec.isKernel(group);
    }
}
