import { exampleOf, type Field, type Resource } from "../resource";

const MAX = { string: 200, text: 10_000 } as const;

const constName = (r: Resource, f: Field) => `${r.fileSingular}_${f.column}_MAX`.replaceAll("-", "_").toUpperCase();
const schemaName = (r: Resource, f: Field) => `${r.singular}${f.label.replaceAll(" ", "")}`;

/** The zod schema of one field, as the procedure checks it. */
function fieldSchema(r: Resource, f: Field): string {
  const name = schemaName(r, f);
  if (f.type === "boolean") return `export const ${name} = z.boolean({ error: "${f.label} must be true or false" });`;
  if (f.type === "date") {
    return `export const ${name} = z.iso
  .date({ error: "${f.label} must be a date (YYYY-MM-DD)" })
  .meta({ examples: [${exampleOf(f)}] });`;
  }
  const max = constName(r, f);
  return `export const ${max} = ${MAX[f.type].toLocaleString("en").replaceAll(",", "_")};

export const ${name} = z
  .string({ error: fieldError("${f.label} is required", "${f.label} must be text") })
  .trim()
  .min(1, "${f.label} is required")
  .max(${max}, \`${f.label} must be at most \${${max}.toLocaleString("en")} characters\`)
  .refine(isStorableText, UNSTORABLE_TEXT)
  .meta({ examples: [${exampleOf(f)}] });`;
}

/** In the procedure's input: optional fields may be left out or null; a boolean starts false. */
function inputEntry(r: Resource, f: Field): string {
  const name = schemaName(r, f);
  // The examples go on the outermost schema: that is where the OpenAPI document shows them.
  if (f.type === "boolean") return `${f.key}: ${name}.default(false).meta({ examples: [${exampleOf(f)}] })`;
  return f.optional ? `${f.key}: ${name}.nullish().meta({ examples: [${exampleOf(f)}] })` : `${f.key}: ${name}`;
}

/**
 * In an edit: every field may be left out, and keeps its value then; an optional one may be null,
 * which empties it. A boolean has no default here: left out, it keeps its value.
 */
function updateEntry(r: Resource, f: Field): string {
  const name = schemaName(r, f);
  const examples = `.meta({ examples: [${exampleOf(f)}] })`;
  if (f.type === "boolean") return `${f.key}: ${name}.optional()${examples}`;
  return f.optional ? `${f.key}: ${name}.nullish()${examples}` : `${f.key}: ${name}.optional()${examples}`;
}

/** "title, notes, done or due on": what an edit that names no field is told to send. */
function fieldList(r: Resource): string {
  const labels = r.fields.map((f) => f.label.toLowerCase());
  return labels.length === 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`;
}

/** In the web form, where every value is the string an input holds. */
function formEntry(r: Resource, f: Field): string {
  const name = schemaName(r, f);
  if (f.type === "boolean") return `${f.key}: z.string().transform((value) => value === "yes")`;
  if (f.optional) return `${f.key}: emptyAsNull.pipe(${name}.nullable())`;
  return `${f.key}: ${name}`;
}

function viewEntry(f: Field): string {
  const type = f.type === "boolean" ? "z.boolean()" : "z.string()";
  return `${f.key}: ${f.optional ? `${type}.nullable()` : type}`;
}

export function validatorsFile(r: Resource): string {
  const hasText = r.fields.some((f) => f.type === "string" || f.type === "text");
  const hasOptional = r.fields.some((f) => f.optional);
  const S = r.Singular;
  return `import { z } from "zod";

import { cursorInput } from "./pagination";
import { idSchema } from "./id";
${hasText ? `import { fieldError, isStorableText, UNSTORABLE_TEXT } from "./text";\n` : ""}
// ${S}s: what a client sends and gets back, shared by the procedures and the web form.

${r.fields.map((f) => fieldSchema(r, f)).join("\n\n")}

export const create${S}Input = z.object({
  ${r.fields.map((f) => inputEntry(r, f)).join(",\n  ")},
});
/**
 * An edit says only what changes (PATCH, as for posts: docs/decisions/051-patch-is-partial-and-the-rest-contract.md):
 * a field left out keeps its value, a field given is checked as when writing; at least one is given.
 */
export const update${S}Input = z
  .object({
    id: idSchema,
    ${r.fields.map((f) => updateEntry(r, f)).join(",\n    ")},
  })
  .refine((input) => ${r.fields.map((f) => `input.${f.key} !== undefined`).join(" || ")}, {
    message: "Send at least one of ${fieldList(r)}",
    path: [],
  });
export const ${r.singular}IdInput = z.object({ id: idSchema });
export const list${r.Plural}Input = cursorInput({ defaultLimit: 20, maxLimit: 100 });
${hasOptional ? `\n/** An input left empty in the form is null: the field was not filled in. */\nconst emptyAsNull = z.string().transform((value) => (value.trim() === "" ? null : value));\n` : ""}
/** The web form's values, every one a string as its input holds it, read into a create${S}Input. */
export const ${r.singular}Form = z.object({
  ${r.fields.map((f) => formEntry(r, f)).join(",\n  ")},
});

const timestamp = z.date().meta({ type: "string", format: "date-time" });

export const ${r.singular}View = z
  .object({
    id: idSchema,
    ${r.fields.map(viewEntry).join(",\n    ")},${r.owned ? "\n    ownerId: idSchema," : ""}
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "${S}" });

export const ${r.singular}Page = z
  .object({
    items: z.array(${r.singular}View),
    nextCursor: z.string().nullable().meta({ description: "Opaque; null on the last page" }),
  })
  .meta({ id: "${S}Page" });

export type Create${S}Input = z.input<typeof create${S}Input>;
export type Update${S}Input = z.input<typeof update${S}Input>;
export type ${S}View = z.output<typeof ${r.singular}View>;
`;
}
