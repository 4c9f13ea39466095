import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";

import { REPO_ROOT } from "../production-build.mjs";
import { assertNoClash } from "./clashes";
import { runEdits } from "./edits";
import { commandOf, parseFields, pluralOf, resourceOf, resourceOfCommand, UsageError } from "./resource";
import { Snapshot } from "./snapshot";
import { generatedHeader, headerCommand, isGeneratedFor, newFiles } from "./templates/files";
import { detailComponent, detailPage } from "./templates/web";

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

  it.each([
    ["Task"],
    ["task_list"],
    ["admin"],
    ["delete"],
    // Words of JavaScript would write `const for = …`; tRPC keeps then, call and apply for itself.
    ...["for", "return", "if", "case", "this", "await", "let", "enum", "then", "call", "apply", "constructor"].map(
      (word) => [word],
    ),
  ])("refuses the name %j", (name) => {
    expect(() => resourceOf(name, { fields, owned: false, publicRead: false })).toThrow(UsageError);
  });

  it.each([["for"], ["then"], ["settings"]])("refuses --plural %j", (plural) => {
    expect(() => resourceOf("task", { fields, owned: false, publicRead: false, plural })).toThrow(UsageError);
  });

  it.each([
    ["delete", "word of JavaScript"],
    ["in", "word of JavaScript"],
    ["class", "word of JavaScript"],
    ["constructor", "word of JavaScript"],
    ["page", "validators export"],
    ["view", "validators export"],
    ["form", "validators export"],
    ["idInput", "validators export"],
  ])("refuses the field %j", (key, message) => {
    expect(() => parseFields(`title:string ${key}:string`)).toThrow(message);
  });

  it.each([["page"], ["cursor"], ["role"], ["doc"]])("refuses %j, a name the app has already", (name) => {
    const r = resourceOf(name, { fields, owned: false, publicRead: false });
    expect(() => assertNoClash(REPO_ROOT, r)).toThrow(UsageError);
  });

  it.each([["post"], ["comment"]])("refuses %j, a resource of the demo's", (name) => {
    const r = resourceOf(name, { fields, owned: false, publicRead: false });
    expect(() => assertNoClash(REPO_ROOT, r)).toThrow(UsageError);
  });

  it("takes a name nothing has yet", () => {
    expect(() =>
      assertNoClash(REPO_ROOT, resourceOf("task", { fields, owned: true, publicRead: false })),
    ).not.toThrow();
  });

  it("starts every file with the command that wrote it, and reads the resource back from it", () => {
    const r = resourceOf("shopping-list", { fields, owned: true, publicRead: true, plural: "shopping-lists" });
    for (const file of newFiles(r)) {
      const text = file.text();
      expect(text.startsWith(`${generatedHeader(r)}\n`), file.path).toBe(true);
      expect(isGeneratedFor(text, "shopping-list")).toBe(true);
      expect(isGeneratedFor(text, "shopping")).toBe(false);
    }
    expect(resourceOfCommand(headerCommand(newFiles(r)[0]?.text() ?? "") ?? "")).toEqual(r);
    expect(commandOf(r)).toBe(
      'shopping-list --fields "title:string notes:text? done:boolean dueOn:date?" --owned --public-read',
    );
    expect(headerCommand(readFileSync(join(REPO_ROOT, "packages/api/src/routers/account.ts"), "utf8"))).toBeUndefined();
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

  it("undoes nothing that is not exactly what it wrote: a hand-written resource is refused", () => {
    const post = resourceOf("post", { fields: parseFields("title:string body:text"), owned: true, publicRead: true });
    const project = new Project({ skipAddingFilesFromTsConfig: true });
    expect(() => runEdits(project, REPO_ROOT, post, "revert")).toThrow(UsageError);
  });

  it("refuses to undo a generated declaration a person has changed", () => {
    const r = resourceOf("task", { fields, owned: true, publicRead: false });
    const project = new Project({ skipAddingFilesFromTsConfig: true });
    runEdits(project, REPO_ROOT, r, "apply");
    const lean = project.getSourceFileOrThrow(join(REPO_ROOT, "packages/server/src/http/lean-handler.test.ts"));
    lean.replaceWithText(lean.getFullText().replace('name: "task.list"', 'name: "task.list, by hand"'));
    expect(() => runEdits(project, REPO_ROOT, r, "revert")).toThrow("not what the generator wrote");
  });

  it("puts back every file it kept, and takes away every file and folder it made", () => {
    const root = mkdtempSync(join(tmpdir(), "gen-snapshot-"));
    try {
      mkdirSync(join(root, "kept/migrations"), { recursive: true });
      writeFileSync(join(root, "kept/edited.ts"), "before");
      writeFileSync(join(root, "kept/deleted.ts"), "hand-written");
      writeFileSync(join(root, "kept/migrations/0000.sql"), "old");
      const snapshot = new Snapshot(root);
      snapshot.keepFolder("kept/migrations");
      snapshot.write("new/deep/file.ts", "new");
      snapshot.keep("kept/edited.ts");
      writeFileSync(join(root, "kept/edited.ts"), "after");
      snapshot.delete("kept/deleted.ts", ".");
      writeFileSync(join(root, "kept/migrations/0001.sql"), "made by drizzle-kit");
      expect(snapshot.newFilesIn("kept/migrations")).toHaveLength(1);
      snapshot.restore();
      expect(readFileSync(join(root, "kept/edited.ts"), "utf8")).toBe("before");
      expect(readFileSync(join(root, "kept/deleted.ts"), "utf8")).toBe("hand-written");
      expect(existsSync(join(root, "kept/migrations/0001.sql"))).toBe(false);
      expect(existsSync(join(root, "new"))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("answers an unknown id with a 404, and shows an owned row's controls to its owner or an admin only", () => {
    const owned = resourceOf("task", { fields, owned: true, publicRead: false });
    expect(detailPage(owned)).toContain("notFound()");
    expect(detailComponent(owned)).toContain("canModerate(viewer, current.ownerId) ? (");
    const shared = resourceOf("task", { fields, owned: false, publicRead: true });
    expect(detailComponent(shared)).toContain("{signedIn ? (");
    expect(detailComponent(shared)).not.toContain("useViewer");
  });
});
