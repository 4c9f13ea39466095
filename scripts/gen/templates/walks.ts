import { exampleInput, type Resource } from "../resource";

/** For access.test.ts: Alice's row, for the owner procedures to be refused on. */
export function accessTestCreate(r: Resource): string {
  return `const ${r.singular}Input = ${exampleInput(r)};
const ${r.singular} = await as.alice.${r.singular}.create(${r.singular}Input);`;
}

/** For document.test.ts's idMakers: a fresh row's id, for the routes with `{id}`. */
export function documentTestMaker(r: Resource): string {
  return `async (api) => (await api.as.alice.${r.singular}.create(${exampleInput(r)})).id`;
}

/** For lean-handler.test.ts: the name of the resource's group of cases, listed in caseGroups. */
export const leanHandlerGroup = (r: Resource) => `${r.singular}Cases`;

/**
 * For lean-handler.test.ts: the resource's group, a case per procedure, the
 * writes on a missing row (MISSING_ID: nothing of the demo, which
 * `pnpm demo:remove` takes out).
 */
export function leanHandlerCases(r: Resource): string {
  const s = r.singular;
  const token = r.publicRead ? "" : `, token: "bob"`;
  const cases = [
    `{ name: "${s}.list", method: "GET", calls: [{ path: "${s}.list", input: { limit: 5 } }]${token} }`,
    `{ name: "${s}.byId of a missing ${r.words.one}: NOT_FOUND", method: "GET", calls: [{ path: "${s}.byId", input: { id: MISSING_ID } }]${token} }`,
    `{ name: "${s}.create", method: "POST", calls: [{ path: "${s}.create", input: ${exampleInput(r)} }], token: "bob" }`,
    `{ name: "${s}.update of a missing ${r.words.one}: NOT_FOUND", method: "POST", calls: [{ path: "${s}.update", input: { id: MISSING_ID, ${exampleInput(r).slice(2)} }], token: "alice" }`,
    `{ name: "${s}.delete of a missing ${r.words.one}: NOT_FOUND", method: "POST", calls: [{ path: "${s}.delete", input: { id: MISSING_ID } }], token: "alice" }`,
  ];
  return `/** The ${r.words.many}: each procedure, the writes on a missing ${r.words.one}. */
const ${leanHandlerGroup(r)} = (): Case[] => [${cases.join(", ")}];`;
}
