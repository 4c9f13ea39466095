/** The kinds of edit `pnpm demo:remove` makes to a shared file (./demo-edits.ts), on small sources in memory. */
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";

import { applyEdit, DriftError } from "./demo-edits";

const sourceOf = (text: string) =>
  new Project({ useInMemoryFileSystem: true }).createSourceFile("a.test.ts", text, { overwrite: true });

describe("a demo edit's tests", () => {
  const text = [
    'import { describe, it } from "vitest";',
    'import { postView } from "./post";',
    'describe("the runtime", () => {',
    '  it("limits a post list", () => postView());',
    '  it("limits a token list", () => undefined);',
    '  it.each([1, 2])("case %s of posts", () => postView());',
    "});",
    'describe("posts", () => { it("a", () => postView()); });',
  ].join("\n");

  it("takes out the named cases and groups, and the imports only they used", () => {
    const source = sourceOf(text);
    applyEdit(source, { file: "a.test.ts", tests: ["limits a post list", "case %s of posts", "posts"] });
    const after = source.getFullText();
    expect(after).toContain('it("limits a token list"');
    expect(after).not.toMatch(/post list|of posts|describe\("posts"|postView/);
  });

  it("fails on a title two tests share, so a case that stays never goes with the demo's", () => {
    const twice = `${text}\ndescribe("more", () => { it("limits a token list", () => undefined); });`;
    expect(() => applyEdit(sourceOf(twice), { file: "a.test.ts", tests: ["limits a token list"] })).toThrow(
      '2 tests are titled "limits a token list"',
    );
  });

  it("fails on a title that is not there, before anything is written", () => {
    expect(() => applyEdit(sourceOf(text), { file: "a.test.ts", tests: ["limits a comment list"] })).toThrow(
      DriftError,
    );
  });
});
