// Summarizes one route's bundle analysis as markdown: the chunks the route loads up front and those it
// loads on demand, each with its biggest modules, and the packages across them. Sizes are the analyzer's
// per-module compressed sizes, so they add up to a little more than gzipping each chunk whole.
//
//   cd apps/web && pnpm exec next analyze --output            # writes .next/diagnostics/analyze
//   pnpm exec next analyze export --route / | node scripts/bundle-summary.mjs > ../../docs/bundle/feed.md
import { createInterface } from "node:readline";

const records = [];
for await (const line of createInterface({ input: process.stdin })) if (line.trim()) records.push(JSON.parse(line));

const isBrowserScript = (file) => file.startsWith("[client-fs]/") && file.endsWith(".js");
const chunkName = (file) => file.slice(file.lastIndexOf("/") + 1);
const moduleName = (path) => path.replace(/^\[project\]\//, "").replace(/^.*node_modules\//, "");
const packageOf = (path) =>
  path.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/)?.[1] ??
  path.match(/\[project\]\/((?:apps|packages)\/[^/]+)/)?.[1] ??
  path;
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

// Chunks by when they load: bootstrap and render-dependent groups up front, async groups on demand.
const upFront = new Set();
const onDemand = new Map();
for (const group of records.filter((record) => record.type === "group")) {
  const chunks = group.outputs.filter(isBrowserScript).map(chunkName);
  if (group.kind === "async") for (const chunk of chunks) onDemand.set(chunk, moduleName(group.trigger_module_ident));
  else for (const chunk of chunks) upFront.add(chunk);
}
for (const chunk of upFront) onDemand.delete(chunk);

// One record per module per chunk (the export repeats a part for each group that holds its chunk).
const parts = new Map();
for (const part of records.filter((record) => record.type === "part" && isBrowserScript(record.filename))) {
  parts.set(`${part.filename}\0${part.source_path}`, part);
}
const partsOf = (chunk) => [...parts.values()].filter((part) => chunkName(part.filename) === chunk);
const total = (list) => list.reduce((sum, part) => sum + Number(part.compressed_size), 0);

function section(title, chunks, describe) {
  const lines = [`## ${title}`, ""];
  const byPackage = new Map();
  const sorted = [...chunks].sort((a, b) => total(partsOf(b)) - total(partsOf(a)));
  lines.push(`${kB(sorted.reduce((sum, chunk) => sum + total(partsOf(chunk)), 0))} in ${sorted.length} chunks.`, "");
  for (const chunk of sorted) {
    const list = partsOf(chunk).sort((a, b) => b.compressed_size - a.compressed_size);
    lines.push(
      `### ${chunk}: ${kB(total(list))}, ${list.length} modules${describe ? ` (${describe(chunk)})` : ""}`,
      "",
    );
    for (const part of list.slice(0, 8))
      lines.push(`- ${kB(Number(part.compressed_size))} ${moduleName(part.source_path)}`);
    lines.push("");
    for (const part of list) {
      const name = packageOf(part.source_path);
      byPackage.set(name, (byPackage.get(name) ?? 0) + Number(part.compressed_size));
    }
  }
  lines.push("### By package", "", "| package | compressed |", "| --- | ---: |");
  for (const [name, bytes] of [...byPackage].sort((a, b) => b[1] - a[1])) lines.push(`| ${name} | ${kB(bytes)} |`);
  return [...lines, ""].join("\n");
}

const route = records.find((record) => record.type === "route")?.route ?? "?";
console.log(`# Bundle of ${route}\n`);
console.log(section("Loaded up front", upFront));
console.log(section("Loaded on demand", onDemand.keys(), (chunk) => `from ${onDemand.get(chunk)}`));
