import { parseArgs } from "node:util";

import ts from "typescript";

/**
 * What `pnpm gen resource` is asked for, checked and named every way the
 * code base spells it: `task` is the `tasks` table, `task.list`, `/tasks`,
 * `TaskView` and the "task" a person reads on the page.
 */

export type FieldType = "string" | "text" | "boolean" | "date";

export interface Field {
  /** As code names it: `dueOn`. */
  key: string;
  /** As the database names it: `due_on`. */
  column: string;
  /** As a person reads it: "Due on". */
  label: string;
  type: FieldType;
  /** Written with a trailing `?`: the column is nullable and the input may leave it out. */
  optional: boolean;
}

export interface Resource {
  /** `task`: the router's key, the owner check's name, the validators' prefix. */
  singular: string;
  /** `tasks`: the data layer's key and the schema's export. */
  plural: string;
  /** `Task`: the view's and the row's type. */
  Singular: string;
  /** `Tasks`: the list component. */
  Plural: string;
  /** `task`: the router's file, the validators' file. */
  fileSingular: string;
  /** `tasks`: the table, the URL, the data layer's folder, the page's folder. */
  filePlural: string;
  /** `tasks` as SQL names it. */
  table: string;
  /** "task", "tasks": words on the page. */
  words: { one: string; many: string };
  fields: Field[];
  /** Each row has an owner; only its owner or an admin may change or delete it. */
  owned: boolean;
  /** Anyone may read, signed in or not; otherwise reading needs an account. */
  publicRead: boolean;
}

export const FIELD_TYPES: readonly FieldType[] = ["string", "text", "boolean", "date"];

/** Keys every generated row has already, or that pagination and the owner check read. */
const RESERVED_FIELDS = new Set(["id", "createdAt", "updatedAt", "ownerId", "limit", "cursor", "items", "nextCursor"]);

/**
 * Field keys whose zod schema (`task` + `Page` …) would take the name of one
 * the validators export for the resource itself.
 */
const EXPORT_SUFFIXES = new Set(["page", "view", "form", "idInput"]);

/**
 * Keys an object must not be given: tRPC keeps `then`, `call` and `apply` for
 * itself (a router named so breaks the client proxy), and the rest are every
 * object's own.
 */
const OBJECT_KEYS = new Set([
  "then",
  "call",
  "apply",
  "bind",
  "constructor",
  "prototype",
  "__proto__",
  "toString",
  "valueOf",
]);

const scanner = ts.createScanner(ts.ScriptTarget.ESNext, true);

/** The one token `word` is, as TypeScript's own scanner reads it, or undefined when it is more than one. */
function tokenOf(word: string): ts.SyntaxKind | undefined {
  scanner.setText(word);
  const kind = scanner.scan();
  return scanner.getTokenEnd() === word.length ? kind : undefined;
}

/** A JavaScript or TypeScript keyword (`for`, `await`, `enum`, `this`, `of` …): never a `const` or a parameter. */
export function isKeyword(word: string): boolean {
  const kind = tokenOf(word);
  return kind !== undefined && kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword;
}

/** Why `word` cannot name a variable or key of the generated code, or undefined when it can. */
function unusableWord(word: string): string | undefined {
  if (tokenOf(word) !== ts.SyntaxKind.Identifier) return "is a word of JavaScript";
  if (OBJECT_KEYS.has(word)) return "is a key tRPC or every object uses already";
  return undefined;
}

/**
 * Names a resource may not take: words of JavaScript, SQL or the app's own
 * routes that would make the generated code confusing or wrong.
 */
const RESERVED_NAMES = new Set([
  "api",
  "auth",
  "admin",
  "account",
  "settings",
  "sign-in",
  "sign-up",
  "user",
  "session",
  "token",
  "delete",
  "default",
  "new",
  "class",
  "function",
  "import",
  "export",
  "select",
  "table",
  "order",
  "group",
  "index",
  "data",
  "type",
]);

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const KEY = /^[a-z][a-zA-Z0-9]*$/;

const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (kebab: string) => camel(kebab).replace(/^./, (c) => c.toUpperCase());
const snake = (camelCase: string) => camelCase.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const words = (camelCase: string) => snake(camelCase).replaceAll("_", " ");

/** English plurals for the common cases; `--plural` names the rest. */
export function pluralOf(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

export class UsageError extends Error {}

/** "title:string body:text done:boolean due:date?" → fields, or a UsageError naming the first wrong one. */
export function parseFields(spec: string): Field[] {
  const fields = spec
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((item) => {
      const match = /^([^:]+):([a-z]+)(\?)?$/.exec(item);
      if (!match) throw new UsageError(`"${item}": write a field as name:type, or name:type? when it may be empty`);
      const [, key = "", type = "", optional] = match;
      if (!KEY.test(key)) throw new UsageError(`"${key}": a field's name is camelCase letters and digits`);
      if (RESERVED_FIELDS.has(key)) throw new UsageError(`"${key}": every resource has that field already`);
      const unusable = unusableWord(key);
      if (unusable) throw new UsageError(`"${key}" ${unusable}; name the field otherwise`);
      if (EXPORT_SUFFIXES.has(key)) {
        throw new UsageError(`"${key}": the validators export a schema of that name already; name the field otherwise`);
      }
      if (!FIELD_TYPES.includes(type as FieldType)) {
        throw new UsageError(`"${item}": the type is one of ${FIELD_TYPES.join(", ")}`);
      }
      if (type === "boolean" && optional) {
        throw new UsageError(`"${item}": a boolean is never empty (it starts false); leave out the "?"`);
      }
      const label = words(key).replace(/^./, (c) => c.toUpperCase());
      return { key, column: snake(key), label, type: type as FieldType, optional: Boolean(optional) };
    });
  if (fields.length === 0) throw new UsageError('--fields names at least one field, e.g. --fields "title:string"');
  const keys = fields.map((field) => field.key);
  const twice = keys.find((key, i) => keys.indexOf(key) !== i);
  if (twice) throw new UsageError(`"${twice}" is named twice`);
  if (!fields.some((field) => (field.type === "string" || field.type === "text") && !field.optional)) {
    throw new UsageError("the first required string or text field names a row on its page: add one");
  }
  return fields;
}

export function resourceOf(
  name: string,
  options: { fields: Field[]; owned: boolean; publicRead: boolean; plural?: string | undefined },
): Resource {
  if (!NAME.test(name))
    throw new UsageError(`"${name}": a resource's name is lowercase words joined by "-", e.g. task`);
  if (RESERVED_NAMES.has(name)) throw new UsageError(`"${name}" is a name the app uses already; choose another`);
  const filePlural = options.plural ?? pluralOf(name);
  if (!NAME.test(filePlural)) throw new UsageError(`--plural "${filePlural}": lowercase words joined by "-"`);
  if (filePlural === name) throw new UsageError(`"${name}": the plural must differ from the name (use --plural)`);
  if (RESERVED_NAMES.has(filePlural)) {
    throw new UsageError(`--plural "${filePlural}" is a name the app uses already; choose another`);
  }
  for (const [word, what] of [
    [camel(name), `"${name}"`],
    [camel(filePlural), `the plural "${filePlural}"`],
  ] as const) {
    const unusable = unusableWord(word);
    if (unusable) throw new UsageError(`${what} ${unusable}; choose another`);
  }
  return {
    singular: camel(name),
    plural: camel(filePlural),
    Singular: pascal(name),
    Plural: pascal(filePlural),
    fileSingular: name,
    filePlural,
    table: filePlural.replaceAll("-", "_"),
    words: { one: name.replaceAll("-", " "), many: filePlural.replaceAll("-", " ") },
    fields: options.fields,
    owned: options.owned,
    publicRead: options.publicRead,
  };
}

/** The field a row is known by on its page and in tests: the first required string or text. */
export function titleField(resource: Resource): Field {
  const field = resource.fields.find((f) => (f.type === "string" || f.type === "text") && !f.optional);
  if (!field) throw new UsageError("no required string or text field");
  return field;
}

/** A valid value of each field, as code: the examples of the docs and the inputs of the tests. */
export function exampleOf(field: Field, variant = 0): string {
  switch (field.type) {
    case "string":
      return JSON.stringify(variant === 0 ? `A ${field.label.toLowerCase()}` : `Another ${field.label.toLowerCase()}`);
    case "text":
      return JSON.stringify(
        variant === 0 ? `Some ${field.label.toLowerCase()}.` : `More ${field.label.toLowerCase()}.`,
      );
    case "boolean":
      return variant === 0 ? "false" : "true";
    case "date":
      return variant === 0 ? '"2026-12-31"' : '"2027-01-15"';
  }
}

/** `{ title: "A title", done: false }`: an input naming every field. */
export function exampleInput(resource: Resource, variant = 0): string {
  return `{ ${resource.fields.map((field) => `${field.key}: ${exampleOf(field, variant)}`).join(", ")} }`;
}

/** `task --fields "title:string done:boolean" --owned`: what `pnpm gen resource` was given, to write it again. */
export function commandOf(r: Resource): string {
  const fields = r.fields.map((f) => `${f.key}:${f.type}${f.optional ? "?" : ""}`).join(" ");
  const plural = r.filePlural === pluralOf(r.fileSingular) ? "" : ` --plural ${r.filePlural}`;
  return `${r.fileSingular} --fields "${fields}"${r.owned ? " --owned" : ""}${r.publicRead ? " --public-read" : ""}${plural}`;
}

/** The resource a `commandOf` string names: how `pnpm gen remove` and `--force` read a generated file's header. */
export function resourceOfCommand(command: string): Resource {
  const args = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map(([, quoted, bare]) => quoted ?? bare ?? "");
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      fields: { type: "string" },
      owned: { type: "boolean" },
      "public-read": { type: "boolean" },
      plural: { type: "string" },
    },
  });
  return resourceOf(positionals[0] ?? "", {
    fields: parseFields(values.fields ?? ""),
    owned: values.owned ?? false,
    publicRead: values["public-read"] ?? false,
    plural: values.plural,
  });
}
