/**
 * Runs the workspace's tsc and reads its `--extendedDiagnostics` figures, for
 * `pnpm bench:types` and the 500-procedure router's test.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..", "..");
const tscBin = join(root, "node_modules", "typescript", "lib", "tsc.js");

export interface TscRun {
  /** tsc's exit status: 0 when there is no error. */
  status: number | null;
  /** stdout and stderr, as tsc wrote them. */
  output: string;
  wallSeconds: number;
}

/** tsc with these arguments from the repo root, without blocking the event loop (a test's timeout still fires). */
export function runTsc(args: string[]): Promise<TscRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tscBin, ...args], { cwd: root });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output, wallSeconds: (performance.now() - started) / 1000 }));
  });
}

/** One program's figures from `--extendedDiagnostics`; times are wall-clock, so they depend on the machine and its load. */
export interface Diagnostics {
  files: number;
  types: number;
  /** Generic instantiations: the same on every machine for the same code and versions, hence the budget. */
  instantiations: number;
  /** The process's heap after this program (under `tsc -b`, one process builds every project). */
  memoryMB: number;
  checkSeconds: number;
  totalSeconds: number;
}

function figure(block: string, label: string): number {
  const match = new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(block);
  return match?.[1] ? Number(match[1]) : 0;
}

/** Reads one diagnostics block (a figure tsc did not print, e.g. no check time for a project it only re-stamped, is 0). */
export function parseDiagnostics(block: string): Diagnostics {
  return {
    files: figure(block, "Files"),
    types: figure(block, "Types"),
    instantiations: figure(block, "Instantiations"),
    memoryMB: Math.round(figure(block, "Memory used") / 1024),
    checkSeconds: figure(block, "Check time"),
    totalSeconds: figure(block, "Total time"),
  };
}

/** Splits `tsc -b --verbose --extendedDiagnostics` output into one block per project it built, named by its tsconfig path. */
export function parseBuildOutput(output: string): { project: string; diagnostics: Diagnostics }[] {
  const building = /Building project '([^']+)'\.\.\./g;
  const starts = [...output.matchAll(building)];
  return starts.map((match, index) => {
    const end = starts[index + 1]?.index ?? output.indexOf("Aggregate ", match.index);
    const block = output.slice(match.index, end === -1 ? undefined : end);
    return { project: match[1] ?? "", diagnostics: parseDiagnostics(block) };
  });
}

/** tsc's error lines (`file(line,col): error TSnnnn: message`), without the diagnostics around them. */
export function errorLines(output: string): string[] {
  return output.split("\n").filter((line) => /\): error TS\d+:/.test(line));
}
