import { readFileSync } from "node:fs";

/** One instruction of a Dockerfile: `COPY --from=build /src/dist/trellis /app` is { keyword: "COPY", args: "…" }. */
export interface Instruction {
  keyword: string;
  args: string;
}

/**
 * The instructions of a Dockerfile's last stage (after its last FROM): what
 * the image is. Comments dropped, `\` continuations joined.
 */
export function finalStage(path: string): Instruction[] {
  const logical = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const instructions = logical.map((line) => {
    const [keyword = "", ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
  });
  const lastFrom = instructions.findLastIndex((instruction) => instruction.keyword === "FROM");
  return instructions.slice(lastFrom + 1);
}

/** The stage's instructions of one kind. */
export const all = (stage: Instruction[], keyword: string) =>
  stage.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);

/** An exec-form argument list, `["node", "server.mjs"]`, as an array (a shell-form one is refused). */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((arg) => typeof arg === "string")) {
    throw new Error(`not an exec-form list: ${args}`);
  }
  return parsed;
}

/** `ENV NAME=value` lines (one pair per line, as this Dockerfile writes them) as an object. */
export function envOf(stage: Instruction[]): Record<string, string> {
  return Object.fromEntries(
    all(stage, "ENV").map((pair) => {
      const at = pair.indexOf("=");
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}
