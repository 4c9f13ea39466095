import { readFileSync } from "node:fs";
import { join } from "node:path";

import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";

import { REPO_ROOT } from "../production-build.mjs";
import { runEdits } from "./edits";
import { parseFields, pluralOf, resourceOf, UsageError } from "./resource";

/**
 * The quick half of tests/scenarios/gen-resource.ts, on every `pnpm test`: the
 * field syntax and the names `pnpm gen` refuses, and each edit still finding
 * its declaration in today's code (and undoing itself). The scenario, in CI,
 * generates a resource and proves it compiles and passes.
 */
const fields = parseFields("title:string notes:text? done:boolean dueOn:date?");

describe("pnpm gen resource", () => {
  it("reads every field type, and a ? as a field that may be empty", () => {
    expect(fields.map(({ key, column, type, optional }) => ({ key, column, type, optional }))).toEqual([
      { key: "title", column: "title", type: "string", optional: false },
      { key: "notes", column: "notes", type: "text", optional: true },
      { key: "done", column: "done", type: "boolean", optional: false },
      { key: "dueOn", column: "due_on", type: "date", optional: true },
    ]);
  });

  it.each([
    ["title", "name:type"],
    ["title:str", "the type is one of"],
    ["Title:string", "camelCase"],
    ["id:string", "has that field already"],
    ["title:string title:text", "named twice"],
    ["done:boolean?", "never empty"],
    ["done:boolean", "required string or text"],
    ["", "at least one field"],
  ])("refuses --fields %j", (spec, message) => {
    expect(() => parseFields(spec)).toThrow(UsageError);
    expect(() => parseFields(spec)).toThrow(message);
  });

  it.each([["Task"], ["task_list"], ["admin"], ["delete"]])("refuses the name %j", (name) => {
    expect(() => resourceOf(name, { fields, owned: false, publicRead: false })).toThrow(UsageError);
  });

  it("names a resource every way the code spells it", () => {
    const r = resourceOf("shopping-list", { fields, owned: true, publicRead: false });
    expect([r.singular, r.plural, r.Singular, r.Plural, r.table]).toEqual([
      "shoppingList",
      "shoppingLists",
      "ShoppingList",
      "ShoppingLists",
      "shopping_lists",
    ]);
    expect([pluralOf("category"), pluralOf("box"), pluralOf("day")]).toEqual(["categories", "boxes", "days"]);
  });

  it("finds the declaration of every edit in today's code, and undoes each edit exactly", () => {
    const r = resourceOf("task", { fields, owned: true, publicRead: false });
    const project = new Project({ skipAddingFilesFromTsConfig: true });
    const files = runEdits(project, REPO_ROOT, r, "apply");
    expect(files.length).toBe(11);
    for (const file of files) {
      expect(project.getSourceFileOrThrow(join(REPO_ROOT, file)).getFullText(), file).toContain("task");
    }
    // Nothing was saved: the files on disk are the originals to compare with. Layout aside (Biome
    // restores it after a real run, and the scenario compares those bytes), the revert gives them back.
    runEdits(project, REPO_ROOT, r, "revert");
    const layoutFree = (text: string) => text.replace(/\s+/g, "").replace(/,([}\])])/g, "$1");
    for (const file of files) {
      expect(layoutFree(project.getSourceFileOrThrow(join(REPO_ROOT, file)).getFullText()), file).toBe(
        layoutFree(readFileSync(join(REPO_ROOT, file), "utf8")),
      );
    }
  });
});
