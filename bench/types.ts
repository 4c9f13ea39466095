/**
 * `pnpm bench:types`: what type-checking costs, per project, measured with
 * `tsc --extendedDiagnostics` (docs/performance.md, "Type-check speed").
 *
 * 1. The repo as `pnpm typecheck` checks it: one `tsc -b` over the projects
 *    its script names, the libraries read by their dependents as
 *    declarations (tsconfig.library.json). Cold (--force), then warm.
 * 2. The same projects one by one from source, with no project references,
 *    as `pnpm typecheck` did before the declarations: each re-infers every
 *    workspace package it imports.
 * 3. The generated 500-procedure router and its consumer (bench/types).
 *
 * Instantiations and types are the same on any machine for the same code;
 * times depend on the machine and whatever else it is running (the load
 * average is recorded). Writes bench/results/types.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, relative } from "node:path";

import ts from "typescript";

import { generateRouter } from "./types/generate-router";
import { projectName, readProject, typecheckProjects } from "./types/projects";
import { type Diagnostics, errorLines, parseBuildOutput, parseDiagnostics, root, runTsc } from "./types/tsc";

interface Row extends Diagnostics {
  project: string;
  mode: "declarations" | "source" | "generated";
}

/**
 * A tsconfig that checks a project's files as it does, minus its project
 * references and incremental state: every workspace import is inferred from
 * source, cold.
 */
function fromSourceConfig(tsconfigPath: string, outDir: string): string {
  const parsed = readProject(tsconfigPath).config;
  const file = join(outDir, `${projectName(tsconfigPath).replaceAll(/[^\w]+/g, "-")}.json`);
  const config = {
    extends: relative(outDir, tsconfigPath),
    compilerOptions: {
      composite: false,
      incremental: false,
      noEmit: true,
      emitDeclarationOnly: false,
      declarationMap: false,
    },
    files: parsed.fileNames.map((name) => relative(outDir, name)),
    include: [],
    references: [],
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

const seconds = (value: number) => value.toFixed(1);
const count = (value: number) => value.toLocaleString("en");

function printTable(rows: Row[]) {
  const header = ["project", "read as", "check s", "total s", "instantiations", "types", "memory MB"];
  const lines = rows.map((row) => [
    row.project,
    row.mode === "declarations" ? "declarations" : row.mode === "source" ? "source" : "—",
    seconds(row.checkSeconds),
    seconds(row.totalSeconds),
    count(row.instantiations),
    count(row.types),
    String(row.memoryMB),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ");
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

const sum = (rows: Row[], key: "instantiations" | "checkSeconds" | "totalSeconds") =>
  rows.reduce((total, row) => total + row[key], 0);

async function main() {
  const scratch = join(root, "bench", "types", "generated");
  const load = loadavg()[0] ?? 0;
  console.log(
    `Node ${process.versions.node}, TypeScript ${ts.version}, ${cpus().length} cores, load average ${load.toFixed(1)}\n`,
  );

  // apps/web includes Next's generated route types, as `pnpm typecheck` makes them first.
  spawnSync(process.execPath, [join(root, "apps", "web", "node_modules", "next", "dist", "bin", "next"), "typegen"], {
    cwd: join(root, "apps", "web"),
    stdio: "ignore",
  });

  const projects = typecheckProjects();
  console.log(`tsc -b --force ${projects.join(" ")} …`);
  const cold = await runTsc(["-b", "--force", "--verbose", "--extendedDiagnostics", ...projects]);
  const built = parseBuildOutput(cold.output);
  const warm = await runTsc(["-b", ...projects]);
  const declarationRows: Row[] = built.map(({ project, diagnostics }) => ({
    project: projectName(project),
    mode: "declarations",
    ...diagnostics,
  }));

  const sourceDir = join(scratch, "from-source");
  rmSync(sourceDir, { recursive: true, force: true });
  mkdirSync(sourceDir, { recursive: true });
  const sourceRows: Row[] = [];
  for (const { project } of built) {
    console.log(`tsc -p ${projectName(project)} from source …`);
    const run = await runTsc(["-p", fromSourceConfig(project, sourceDir), "--extendedDiagnostics"]);
    sourceRows.push({ project: projectName(project), mode: "source", ...parseDiagnostics(run.output) });
  }

  console.log("generated router: 500 procedures …\n");
  const generated = generateRouter(join(scratch, "router"));
  const routerRun = await runTsc(["-p", generated.tsconfig, "--extendedDiagnostics"]);
  const routerRow: Row = {
    project: "generated 500-procedure router",
    mode: "generated",
    ...parseDiagnostics(routerRun.output),
  };

  const rows = [
    ...sourceRows.flatMap((source) => [source, ...declarationRows.filter((row) => row.project === source.project)]),
    routerRow,
  ];
  printTable(rows);
  console.log(
    `\nAll projects: ${count(sum(sourceRows, "instantiations"))} instantiations and ${seconds(sum(sourceRows, "totalSeconds"))} s ` +
      "from source, one after another (the old `pnpm typecheck` ran each of these, the packages in parallel), " +
      `${count(sum(declarationRows, "instantiations"))} and ${seconds(sum(declarationRows, "totalSeconds"))} s with declarations.`,
  );
  console.log(
    `tsc -b of the repo (pnpm typecheck without next typegen): ${seconds(cold.wallSeconds)} s cold, ${seconds(warm.wallSeconds)} s warm ` +
      "(nothing changed; a project with errors is always checked again).",
  );
  const failures = [cold, routerRun].flatMap((run) => errorLines(run.output));
  if (failures.length > 0)
    console.log(`\n${failures.length} type errors (the figures still count them):\n${failures.join("\n")}`);

  const results = join(root, "bench", "results", "types.json");
  mkdirSync(dirname(results), { recursive: true });
  writeFileSync(
    results,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.versions.node,
        typescript: ts.version,
        cores: cpus().length,
        loadAverage: Number(load.toFixed(2)),
        typecheck: {
          projects,
          coldSeconds: Number(seconds(cold.wallSeconds)),
          warmSeconds: Number(seconds(warm.wallSeconds)),
          errors: errorLines(cold.output).length,
        },
        rows,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nWrote ${relative(process.cwd(), results)}`);
}

await main();
