import { exampleInput, type Resource } from "../resource";

/** For access.test.ts: Alice's row, for the owner procedures to be refused on. */
export function accessTestCreate(r: Resource): string {
  return `const ${r.singular}Input = ${exampleInput(r)};
const ${r.singular} = await as.alice.${r.singular}.create(${r.singular}Input);`;
}

/** For document.test.ts's freshIds: a row for the routes with `{id}`. */
export function documentTestCreate(r: Resource): string {
  return `const ${r.singular} = await api.as.alice.${r.singular}.create(${exampleInput(r)});`;
}

/** For lean-handler.test.ts: a case per procedure, the writes on a missing row. */
export function leanHandlerCases(r: Resource): string[] {
  const s = r.singular;
  const token = r.publicRead ? "" : `, token: "bob"`;
  return [
    `{ name: "${s}.list", method: "GET", calls: [{ path: "${s}.list", input: { limit: 5 } }]${token} }`,
    `{ name: "${s}.byId of a missing ${r.words.one}: NOT_FOUND", method: "GET", calls: [{ path: "${s}.byId", input: { id: fx.post } }]${token} }`,
    `{ name: "${s}.create", method: "POST", calls: [{ path: "${s}.create", input: ${exampleInput(r)} }], token: "bob" }`,
    `{ name: "${s}.update of a missing ${r.words.one}: NOT_FOUND", method: "POST", calls: [{ path: "${s}.update", input: { id: fx.post, ${exampleInput(r).slice(2)} }], token: "alice" }`,
    `{ name: "${s}.delete of a missing ${r.words.one}: NOT_FOUND", method: "POST", calls: [{ path: "${s}.delete", input: { id: fx.post } }], token: "alice" }`,
  ];
}
