import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

import { describe, expect, it } from "vitest";

/**
 * The workspace's packages in dependency order: each may depend on those in
 * the layers before its own, never on one in its own layer or after it. The
 * typed client sits beside the server: it sees the API's types, never its
 * runtime (docs/decisions/034-server-package.md).
 */
const layers: readonly (readonly string[])[] = [
  ["@trellis/validators"],
  ["@trellis/db"],
  ["@trellis/auth"],
  ["@trellis/jobs"],
  ["@trellis/api"],
  ["@trellis/server", "@trellis/client"],
  ["@trellis/web", "@trellis/example-node-script"],
];

const root = join(import.meta.dirname, "..", "..", "..");

interface Workspace {
  dir: string;
  name: string;
  dependencies: Record<string, string>;
}

function workspaces(): Workspace[] {
  return ["apps", "packages", "examples"].flatMap((group) =>
    readdirSync(join(root, group))
      .map((name) => join(root, group, name))
      .filter((dir) => existsSync(join(dir, "package.json")))
      .map((dir) => {
        const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
          name: string;
          dependencies?: Record<string, string>;
          devDependencies?: Record<string, string>;
        };
        return {
          dir,
          name: manifest.name,
          dependencies: { ...manifest.dependencies, ...manifest.devDependencies },
        };
      }),
  );
}

const layerOf = (name: string) => layers.findIndex((layer) => layer.includes(name));

/**
 * The workspace packages a source file imports, e.g. "@trellis/api" for `from "@trellis/api/events"`,
 * `import("@trellis/api")` or a bare `import "@trellis/api"`.
 */
function importedWorkspacePackages(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const imports = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](@trellis\/[a-z-]+)/g;
  return [...text.matchAll(imports)].flatMap((match) => (match[1] ? [match[1]] : []));
}

/** What is built or installed, not written: never scanned. */
const notSource = new Set(["node_modules", "dist", ".next", ".turbo"]);

/** Every source file of a workspace, its entry files and scripts included, not only src/. */
function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (notSource.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe("the workspace's dependency order", () => {
  const all = workspaces();

  it.each(all.map((workspace) => [workspace.name, workspace] as const))("%s has a layer", (_, workspace) => {
    expect(layerOf(workspace.name), `add ${workspace.name} to the layers in this file`).toBeGreaterThanOrEqual(0);
  });

  it.each(all.map((workspace) => [workspace.name, workspace] as const))(
    "%s depends only on packages in the layers below it",
    (_, workspace) => {
      const upward = Object.keys(workspace.dependencies)
        .filter((name) => name.startsWith("@trellis/"))
        .filter((name) => layerOf(name) >= layerOf(workspace.name));
      expect(upward).toEqual([]);
    },
  );

  it.each(all.map((workspace) => [workspace.name, workspace] as const))(
    "%s's source imports only the workspace packages its package.json names",
    (_, workspace) => {
      const undeclared = sourceFiles(workspace.dir).flatMap((file) =>
        importedWorkspacePackages(file)
          .filter((name) => name !== workspace.name && !(name in workspace.dependencies))
          .map((name) => `${relative(root, file)} imports ${name}`),
      );
      expect(undeclared).toEqual([]);
    },
  );

  it("keeps @trellis/api free of the HTTP runtime's dependencies (pino, ioredis)", () => {
    const api = all.find((workspace) => workspace.name === "@trellis/api");
    const runtimeOnly = ["pino", "pino-pretty", "ioredis"];
    expect(Object.keys(api?.dependencies ?? {}).filter((name) => runtimeOnly.includes(name))).toEqual([]);
  });
});
