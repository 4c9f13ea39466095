import { exampleInput, type Resource, titleField } from "../resource";

export function routerFile(r: Resource): string {
  const S = r.Singular;
  const read = r.publicRead ? "publicProcedure" : "protectedProcedure";
  const change = r.owned ? `ownerProcedure("${r.singular}")` : "protectedProcedure";
  const yours = r.owned ? "your " : "a ";
  const optional = r.fields.filter((f) => f.optional);
  const procedures = [...new Set([read, "protectedProcedure", r.owned ? "ownerProcedure" : ""])].filter(Boolean).sort();
  const fields = optional.length
    ? `
/** The input's fields as the data layer stores them: a field left out is null. */
const fieldsOf = ({ ${r.fields.map((f) => f.key).join(", ")} }: z.output<typeof create${S}Input>) => ({
  ${r.fields.map((f) => (f.optional ? `${f.key}: ${f.key} ?? null` : f.key)).join(",\n  ")},
});
`
    : `
/** The input's fields as the data layer stores them. */
const fieldsOf = ({ ${r.fields.map((f) => f.key).join(", ")} }: z.output<typeof create${S}Input>) => ({ ${r.fields.map((f) => f.key).join(", ")} });
`;
  return `import {
  create${S}Input,
  idSchema,
  list${r.Plural}Input,
  update${S}Input,
  ${r.singular}IdInput,
  ${r.singular}Page,
  ${r.singular}View,
} from "@trellis/validators";
import { TRPCError } from "@trpc/server";
import { z } from "zod";

import { createTRPCRouter, ${procedures.join(", ")} } from "../trpc";

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "That ${r.words.one} was not found" });
${fields}
/**
 * ${r.Plural}: ${r.publicRead ? "anyone may read them" : "anyone signed in may read them"}, anyone signed in may write one,
 * ${r.owned ? "and only its owner or an admin may change or delete it (anyone else gets NOT_FOUND)." : "change or delete one."}
 */
export const ${r.singular}Router = createTRPCRouter({
  list: ${read}
    .meta({ openapi: { method: "GET", path: "/${r.filePlural}", tags: ["${r.filePlural}"], summary: "${r.Plural}, newest first" } })
    .input(list${r.Plural}Input)
    .output(${r.singular}Page)
    .query(({ ctx, input }) => ctx.data.${r.plural}.list(input)),

  byId: ${read}
    .meta({ openapi: { method: "GET", path: "/${r.filePlural}/{id}", tags: ["${r.filePlural}"], summary: "One ${r.words.one}" } })
    .input(${r.singular}IdInput)
    .output(${r.singular}View)
    .query(async ({ ctx, input }) => {
      const ${r.singular} = await ctx.data.${r.plural}.byId(input.id);
      if (!${r.singular}) throw notFound();
      return ${r.singular};
    }),

  create: protectedProcedure
    .meta({
      openapi: { method: "POST", path: "/${r.filePlural}", tags: ["${r.filePlural}"], summary: "Create a ${r.words.one}" },
      location: "/${r.filePlural}/{id}",
    })
    .input(create${S}Input)
    .output(${r.singular}View)
    .mutation(({ ctx, input }) => ctx.data.${r.plural}.create(${r.owned ? "{ ...fieldsOf(input), ownerId: ctx.viewer.id }" : "fieldsOf(input)"})),

  update: ${change}
    .meta({ openapi: { method: "PATCH", path: "/${r.filePlural}/{id}", tags: ["${r.filePlural}"], summary: "Edit ${yours}${r.words.one}" } })
    .input(update${S}Input)
    .output(${r.singular}View)
    .mutation(async ({ ctx, input }) => {
      // Only the fields the edit names: one left out keeps its value.
      const updated = await ctx.data.${r.plural}.update(input);
      // Deleted since it was read.
      if (!updated) throw notFound();
      return updated;
    }),

  delete: ${change}
    .meta({ openapi: { method: "DELETE", path: "/${r.filePlural}/{id}", tags: ["${r.filePlural}"], summary: "Delete ${yours}${r.words.one}" } })
    .input(${r.singular}IdInput)
    .output(z.object({ id: idSchema }))
    .mutation(async ({ ctx, input }) => {
      const deleted = await ctx.data.${r.plural}.delete(input.id);
      if (!deleted) throw notFound();
      return deleted;
    }),
});
`;
}

export function routerTestFile(r: Resource): string {
  const s = r.singular;
  const title = titleField(r);
  const reader = r.publicRead ? "anonymous" : "bob";
  const cleared = r.fields.find((f) => f.optional);
  const createdBy = r.owned ? "\n    expect(created.ownerId).toBe(alice.id);" : "";
  return `import { describe, expect, it } from "vitest";

import { MISSING_ID, setupRouterTest } from "../testing";

const { as${r.owned ? ", alice" : ""} } = await setupRouterTest();

const input = ${exampleInput(r)};
const edited = ${exampleInput(r, 1)};

describe("${s} router", () => {
  it("creates a ${r.words.one} and reads it back, one by id and in the list", async () => {
    const created = await as.alice.${s}.create(input);
    expect(created).toMatchObject(input);${createdBy}
    expect(await as.${reader}.${s}.byId({ id: created.id })).toEqual(created);
    const { items } = await as.${reader}.${s}.list({});
    expect(items.map((item) => item.id)).toContain(created.id);
  });

  it("lists newest first, a page at a time", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await as.alice.${s}.create(input)).id);
    const first = await as.alice.${s}.list({ limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await as.alice.${s}.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items[0]?.id).toBe(ids[0]);
  });

  it("refuses an empty ${title.label.toLowerCase()}, and anyone signed out${r.publicRead ? "" : ", even to read"}", async () => {
    await expect(as.alice.${s}.create({ ...input, ${title.key}: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as.anonymous.${s}.create(input)).rejects.toMatchObject({ code: "UNAUTHORIZED" });${
      r.publicRead
        ? ""
        : `
    await expect(as.anonymous.${s}.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });`
    }
  });

  it("${r.owned ? "lets its owner or an admin edit and delete it; to anyone else it does not exist" : "lets anyone signed in edit and delete it"}", async () => {
    const created = await as.alice.${s}.create(input);${
      r.owned
        ? `
    await expect(as.bob.${s}.update({ id: created.id, ...edited })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.bob.${s}.delete({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await as.alice.${s}.update({ id: created.id, ...edited })).toMatchObject(edited);
    expect(await as.ada.${s}.delete({ id: created.id })).toEqual({ id: created.id });`
        : `
    expect(await as.bob.${s}.update({ id: created.id, ...edited })).toMatchObject(edited);
    expect(await as.bob.${s}.delete({ id: created.id })).toEqual({ id: created.id });`
    }
    await expect(as.alice.${s}.byId({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.alice.${s}.delete({ id: MISSING_ID })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("edits only the fields an edit names, and refuses an edit that names none", async () => {
    const created = await as.alice.${s}.create(input);
    const renamed = await as.alice.${s}.update({ id: created.id, ${title.key}: edited.${title.key} });
    expect(renamed).toMatchObject({ ...input, ${title.key}: edited.${title.key} });${
      cleared
        ? `
    // null empties an optional field; the rest keep their values.
    const emptied = await as.alice.${s}.update({ id: created.id, ${cleared.key}: null });
    expect(emptied).toMatchObject({ ...input, ${title.key}: edited.${title.key}, ${cleared.key}: null });`
        : ""
    }
    await expect(as.alice.${s}.update({ id: created.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
`;
}
