/**
 * The TypeScript projects `pnpm typecheck` builds, and which workspace
 * sources each one reaches: for `pnpm bench:types` and projects.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

import ts from "typescript";

import { root } from "./tsc";

/** The projects named by the "typecheck" script's `tsc -b`: the leaves; the libraries come in through their references. */
export function typecheckProjects(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const build = /tsc -b ([^&]+)/.exec(scripts.typecheck ?? "");
  if (!build?.[1]) throw new Error('package.json\'s "typecheck" script has no `tsc -b <projects>`');
  return build[1].trim().split(/\s+/);
}

/** Every tsconfig.json of a workspace package (apps/*, packages/*, examples/*). */
export function workspaceTsconfigs(): string[] {
  return ["apps", "packages", "examples"].flatMap((group) =>
    readdirSync(join(root, group))
      .map((name) => join(root, group, name, "tsconfig.json"))
      .filter((path) => existsSync(path)),
  );
}

/** "packages/api", or "(root)" for the project of the e2e specs, bench and scripts. */
export function projectName(tsconfigPath: string): string {
  const dir = relative(root, dirname(tsconfigPath));
  return dir === "" ? "(root)" : dir;
}

const parsedConfigs = new Map<string, ts.ParsedCommandLine>();

/** A tsconfig as tsc reads it (extends, ${configDir}, references); `project` may be a folder. */
export function readProject(project: string): { path: string; config: ts.ParsedCommandLine } {
  const path = project.endsWith(".json") ? resolve(root, project) : resolve(root, project, "tsconfig.json");
  let config = parsedConfigs.get(path);
  if (!config) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      path,
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} },
    );
    if (!parsed) throw new Error(`cannot read ${path}`);
    config = parsed;
    parsedConfigs.set(path, config);
  }
  return { path, config };
}

/** The tsconfig paths a project references, directly or through the projects it references. */
export function referencedProjects(project: string): Set<string> {
  const found = new Set<string>();
  const visit = (path: string) => {
    for (const reference of readProject(path).config.projectReferences ?? []) {
      const referenced = reference.path.endsWith(".json") ? reference.path : join(reference.path, "tsconfig.json");
      if (!found.has(referenced)) {
        found.add(referenced);
        visit(referenced);
      }
    }
  };
  visit(readProject(project).path);
  return found;
}

/** A workspace library: a composite project, whose dependents read its declarations. */
function libraryOf(file: string, libraries: string[]): string | undefined {
  return libraries.find((tsconfigPath) => file.startsWith(dirname(tsconfigPath) + sep));
}

/**
 * The libraries a project compiles from source instead of reading their
 * declarations: those it imports (from its own files, or through a
 * non-library workspace source it pulls in, like the client's) without
 * referencing them. Each with the first file that imports it.
 */
export function librariesReadFromSource(project: string): { library: string; importedBy: string }[] {
  const { path, config } = readProject(project);
  const references = referencedProjects(project);
  const libraries = workspaceTsconfigs().filter((tsconfigPath) => readProject(tsconfigPath).config.options.composite);
  const self = libraryOf(path, libraries);
  const host: ts.ModuleResolutionHost = ts.sys;
  const cache = ts.createModuleResolutionCache(root, (name) => name, config.options);
  const missing = new Map<string, string>();
  const seen = new Set<string>();
  const queue = config.fileNames.filter((file) => !file.includes(`${sep}node_modules${sep}`));
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName: specifier } of importedFiles) {
      const resolved = ts.resolveModuleName(specifier, file, config.options, host, cache).resolvedModule;
      const target = resolved?.resolvedFileName;
      if (!target || resolved.isExternalLibraryImport || !target.startsWith(root + sep)) continue;
      const library = libraryOf(target, libraries);
      if (library && library !== self) {
        if (!references.has(library) && !missing.has(library)) missing.set(library, relative(root, file));
      } else if (!target.endsWith(".d.ts")) {
        queue.push(target);
      }
    }
  }
  return [...missing].map(([library, importedBy]) => ({ library: projectName(library), importedBy }));
}
