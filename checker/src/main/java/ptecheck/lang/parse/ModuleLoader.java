package ptecheck.lang.parse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ptecheck.lang.LoadedSpec;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.diag.Diagnostic;
import ptecheck.lang.diag.SourceFiles;
import ptecheck.lang.diag.SpecException;

/**
 * Loads a spec and, transitively, every model it {@code uses}. {@code uses NAME} finds
 * {@code NAME.ptm} in the spec's folder, then in each model directory in order (the
 * repository's {@code models/}, then {@code --model-path} entries), then among the models
 * bundled in the jar.
 */
public final class ModuleLoader {
    private final List<Path> modelDirs;

    public ModuleLoader(List<Path> modelDirs) {
        this.modelDirs = List.copyOf(modelDirs);
    }

    public LoadedSpec load(Path specPath) throws SpecException {
        SourceFiles sources = new SourceFiles();
        String display = display(specPath);
        String text = read(specPath, display, null, sources);
        sources.add(display, text);
        SourceUnit spec;
        try {
            spec = SpecParser.parse(display, text);
        } catch (SpecException e) {
            throw withSources(e, sources);
        }
        if (spec.model()) {
            throw withSources(new SpecException(new Diagnostic(spec.pos(), "'" + display + "' is a model library, not a spec",
                    "check a file that starts with 'spec NAME' and uses this model")), sources);
        }
        Map<String, SourceUnit> models = new LinkedHashMap<>();
        try {
            loadUses(spec, specPath.toAbsolutePath().getParent(), models, sources, new ArrayList<>());
        } catch (SpecException e) {
            throw withSources(e, sources);
        }
        return new LoadedSpec(spec, new ArrayList<>(models.values()), sources);
    }

    /** Attaches the loaded sources so the printer can quote lines. */
    private static SpecException withSources(SpecException e, SourceFiles sources) {
        return new SpecException(e.diagnostics(), sources);
    }

    private void loadUses(SourceUnit unit, Path dir, Map<String, SourceUnit> models, SourceFiles sources,
                          List<String> stack) throws SpecException {
        for (Decl d : unit.decls()) {
            if (!(d instanceof Decl.Uses uses)) {
                continue;
            }
            String name = uses.name();
            if (models.containsKey(name)) {
                continue;
            }
            if (stack.contains(name)) {
                throw new SpecException(new Diagnostic(uses.pos(), "model '" + name + "' uses itself through "
                        + String.join(" -> ", stack), null));
            }
            Path found = find(name, dir);
            String display;
            String text;
            if (found != null) {
                display = display(found);
                text = read(found, display, uses.pos(), sources);
            } else {
                text = bundled(name);
                if (text == null) {
                    throw new SpecException(new Diagnostic(uses.pos(), "unknown model '" + name + "'",
                            "looked for " + name + ".ptm in " + searchPath(dir)
                                    + " and among the models bundled with ptecheck; add a folder with --model-path"));
                }
                display = BUNDLED_PREFIX + name + ".ptm";
            }
            sources.add(display, text);
            SourceUnit model = SpecParser.parse(display, text);
            if (!model.model()) {
                throw new SpecException(new Diagnostic(uses.pos(), "'" + display + "' is a spec, not a model library",
                        "a file used with 'uses' starts with 'model NAME'"));
            }
            stack.add(name);
            loadUses(model, found == null ? null : found.toAbsolutePath().getParent(), models, sources, stack);
            stack.remove(stack.size() - 1);
            models.put(name, model);
        }
    }

    /** How a model read from the jar is named in messages and traces. */
    public static final String BUNDLED_PREFIX = "bundled:models/";

    /**
     * The model {@code name} as bundled in the jar ({@code models/} of the repository at build
     * time), or null. Files found on disk come first, so a folder on the model path overrides it.
     */
    static String bundled(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return null;
        }
        try (var in = ModuleLoader.class.getResourceAsStream("/models/" + name + ".ptm")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private Path find(String name, Path specDir) {
        List<Path> dirs = new ArrayList<>();
        if (specDir != null) {
            dirs.add(specDir);
        }
        dirs.addAll(modelDirs);
        for (Path dir : dirs) {
            Path p = dir.resolve(name + ".ptm");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private String searchPath(Path specDir) {
        List<String> dirs = new ArrayList<>();
        if (specDir != null) {
            dirs.add(display(specDir));
        }
        for (Path p : modelDirs) {
            dirs.add(display(p));
        }
        return String.join(", ", dirs);
    }

    private static String read(Path path, String display, Pos usedAt, SourceFiles sources) throws SpecException {
        Pos pos = usedAt != null ? usedAt : new Pos(display, 0, 0);
        try {
            return TextFiles.read(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SpecException(new Diagnostic(pos, "no such file: " + display, null));
        } catch (TextFiles.NotText e) {
            if (e.line() > 0) {
                // The error is in this file, at the bad byte: quote its line.
                sources.add(display, TextFiles.readLenient(path));
                throw withSources(new SpecException(new Diagnostic(new Pos(display, e.line(), e.col()),
                        e.getMessage(), "save the file as UTF-8")), sources);
            }
            throw new SpecException(new Diagnostic(pos, "cannot read '" + display + "': " + e.getMessage(), null));
        } catch (IOException | RuntimeException e) {
            throw new SpecException(new Diagnostic(pos, "cannot read '" + display + "': " + reason(e), null));
        }
    }

    /** An I/O error in words, without Java's exception names. */
    public static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "I/O error" : m;
    }

    /** Paths are shown relative to the working directory when they are below it. */
    static String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        if (abs.startsWith(cwd)) {
            String rel = cwd.relativize(abs).toString();
            return rel.isEmpty() ? "." : rel;
        }
        return abs.toString();
    }
}
