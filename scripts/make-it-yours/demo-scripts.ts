/**
 * The package.json scripts that run what `pnpm demo:remove` deletes: the
 * removal takes them out too, so no `pnpm <script>` is left pointing at a
 * file that is gone. Edited as JSON (jsonc-parser, as `pnpm rename` does),
 * since the syntax-tree edits (./demo-edits.ts) read TypeScript only. The
 * drift check (./demo-scripts.test.ts) fails when a script listed here is gone,
 * or when a script that stays runs a deleted file or a script taken out.
 */
import { applyEdits, modify, parse } from "jsonc-parser";

import { DriftError } from "./demo-edits";

/** One package.json's scripts that go with the demo. */
export interface DemoScripts {
  file: string;
  scripts: string[];
}

export const DEMO_SCRIPTS: DemoScripts[] = [
  // The weekly digest's cron entry: its CLI, apps/web/src/cli/enqueue-digests.ts, is deleted.
  { file: "apps/web/package.json", scripts: ["jobs:digest"] },
  // The digest's entry again; and the feed's benchmarks (bench/run.ts, bench/observability.ts), which measure
  // the feed's reads against a bare server running the same SQL. The soak, crash, sign-in and type benches stay.
  { file: "package.json", scripts: ["jobs:digest", "bench", "bench:observability"] },
];

/** The scripts a package.json holds, by name. */
export function scriptsOf(text: string): Record<string, string> {
  return (parse(text) as { scripts?: Record<string, string> }).scripts ?? {};
}

/**
 * `text` (a package.json) without the scripts named, formatting and key order kept;
 * throws a DriftError naming the first one that is not there, before anything is written.
 */
export function withoutScripts(text: string, { file, scripts }: DemoScripts): string {
  const present = scriptsOf(text);
  let result = text;
  for (const name of scripts) {
    if (!Object.hasOwn(present, name)) throw new DriftError(`${file}: the script "${name}" is not there any more`);
    const edits = modify(result, ["scripts", name], undefined, {
      formattingOptions: { insertSpaces: true, tabSize: 2, eol: "\n" },
    });
    result = applyEdits(result, edits);
  }
  return result;
}
