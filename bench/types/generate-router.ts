/**
 * Writes a tRPC router of 500 procedures, built the way Trellis's own routers
 * are (initTRPC with a context, a transformer, a middleware that narrows the
 * context, zod inputs and outputs, one file per resource, nested routers),
 * and two consumers of it, for `pnpm bench:types` and its test:
 *
 * - consumer.ts must compile: it states every procedure's input and output
 *   type as written here, independently of the router, and asserts that
 *   inferRouterInputs/inferRouterOutputs infer exactly those; it calls one
 *   query and one mutation per resource through createTRPCClient, and marks
 *   a wrong input, a missing procedure and `.query` on a mutation with
 *   `// @ts-expect-error` (tsc fails if they stop being errors);
 * - wrong-consumer.ts must fail, with the errors listed in `expectedErrors`,
 *   so a router whose types had collapsed to `any` could not pass.
 *
 * The output goes to a git-ignored folder with a node_modules of symlinks to
 * the packages the workspace already has (@trpc/*, zod, superjson,
 * @types/node), so tsc and vitest resolve them as in any package.
 *
 *   pnpm exec tsx bench/types/generate-router.ts [outDir]
 */
import { mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(import.meta.dirname, "..", "..");

/** 5 domains × 10 resources × 10 procedures (5 queries, 5 mutations). */
const DOMAINS = 5;
const RESOURCES_PER_DOMAIN = 10;

export const defaultOutDir = join(root, "bench", "types", "generated", "router");

/** One error tsc must report for wrong-consumer.ts. */
export interface ExpectedError {
  line: number;
  code: `TS${number}`;
  /** A fragment of tsc's message. */
  message: string;
}

export interface GeneratedRouter {
  outDir: string;
  procedures: number;
  queries: number;
  mutations: number;
  /** tsconfig.json: root.ts and consumer.ts, which must compile. */
  tsconfig: string;
  /** tsconfig.wrong.json: root.ts and wrong-consumer.ts, which must not. */
  wrongTsconfig: string;
  expectedErrors: ExpectedError[];
}

/** A resource's names: `d3i7` is item 7 of domain 3; `D3I7` is its entity type. */
interface Resource {
  domain: string;
  key: string;
  type: string;
  /** The prefix of its entity's own fields, so no two resources share an entity type. */
  field: string;
}

/**
 * One procedure kind: its zod input and output as code, the TypeScript types
 * a client must see for them, and a resolver. `output: null` means the
 * output type is inferred from the resolver's return value.
 */
interface ProcedureKind {
  name: string;
  type: "query" | "mutation";
  input: (r: Resource) => string;
  output: ((r: Resource) => string) | null;
  resolve: (r: Resource) => string;
  expectedInput: (r: Resource) => string;
  expectedOutput: (r: Resource) => string;
}

const kinds: ProcedureKind[] = [
  {
    name: "list",
    type: "query",
    input: () => "z.object({ limit: z.number().int().min(1).max(100).default(20), cursor: z.string().optional() })",
    output: (r) => `z.object({ items: z.array(${r.key}), nextCursor: z.string().nullable() })`,
    resolve: (r) => `({ input }) => ({ items: [${r.key}Fixture(input.cursor ?? "first")], nextCursor: null })`,
    expectedInput: () => "{ limit?: number | undefined; cursor?: string | undefined }",
    expectedOutput: (r) => `{ items: ${r.type}[]; nextCursor: string | null }`,
  },
  {
    name: "byId",
    type: "query",
    input: () => "z.object({ id: z.string() })",
    output: null,
    resolve: (r) => `({ input }) => ${r.key}Fixture(input.id)`,
    expectedInput: () => "{ id: string }",
    expectedOutput: (r) => r.type,
  },
  {
    name: "search",
    type: "query",
    input: () => "z.object({ q: z.string().min(1), tags: z.array(z.string()).optional() })",
    output: (r) => `z.array(${r.key})`,
    resolve: (r) => `({ input }) => [${r.key}Fixture(input.q)]`,
    expectedInput: () => "{ q: string; tags?: string[] | undefined }",
    expectedOutput: (r) => `${r.type}[]`,
  },
  {
    name: "count",
    type: "query",
    input: () => "z.object({ status: status.optional() })",
    output: null,
    resolve: () => "({ input }) => ({ count: input.status ? 1 : 3, status: input.status ?? null })",
    expectedInput: () => '{ status?: "draft" | "live" | "archived" | undefined }',
    expectedOutput: () => '{ count: number; status: "draft" | "live" | "archived" | null }',
  },
  {
    name: "stats",
    type: "query",
    input: () => "z.object({ from: z.date(), to: z.date() })",
    output: () => "z.object({ total: z.number(), byStatus: z.record(status, z.number()), since: z.date() })",
    resolve: () => "({ input }) => ({ total: 3, byStatus: { draft: 1, live: 1, archived: 1 }, since: input.from })",
    expectedInput: () => "{ from: Date; to: Date }",
    expectedOutput: () => "{ total: number; byStatus: { draft: number; live: number; archived: number }; since: Date }",
  },
  {
    name: "create",
    type: "mutation",
    input: (r) =>
      `z.object({ ${r.field}Title: z.string().min(1), ${r.field}Count: z.number().int().optional(), tags: z.array(z.string()).default([]), note: z.string().nullable().optional() })`,
    output: (r) => r.key,
    resolve: (r) =>
      `({ input, ctx }) => ({ ...${r.key}Fixture(ctx.viewer.id), ${r.field}Title: input.${r.field}Title })`,
    expectedInput: (r) =>
      `{ ${r.field}Title: string; ${r.field}Count?: number | undefined; tags?: string[] | undefined; note?: string | null | undefined }`,
    expectedOutput: (r) => r.type,
  },
  {
    name: "update",
    type: "mutation",
    input: (r) =>
      `z.object({ id: z.string(), patch: z.object({ ${r.field}Title: z.string().optional(), ${r.field}Count: z.number().optional(), status: status.optional() }) })`,
    output: null,
    resolve: (r) => `({ input }) => ({ ...${r.key}Fixture(input.id), ...input.patch })`,
    expectedInput: (r) =>
      `{ id: string; patch: { ${r.field}Title?: string | undefined; ${r.field}Count?: number | undefined; status?: "draft" | "live" | "archived" | undefined } }`,
    expectedOutput: (r) =>
      `{ ${r.field}Title: string; ${r.field}Count: number; status: "draft" | "live" | "archived"; id: string; createdAt: Date; tags: string[]; owner: { id: string; name: string }; note: string | null; rating?: number | undefined }`,
  },
  {
    name: "remove",
    type: "mutation",
    input: () => "z.object({ id: z.string() })",
    output: null,
    resolve: () => "({ input }) => ({ id: input.id, removed: true as const })",
    expectedInput: () => "{ id: string }",
    expectedOutput: () => "{ id: string; removed: true }",
  },
  {
    name: "archive",
    type: "mutation",
    input: () => "z.object({ id: z.string(), reason: z.string().max(200).optional() })",
    output: () => 'z.object({ id: z.string(), status: z.literal("archived"), archivedAt: z.date() })',
    resolve: () => '({ input }) => ({ id: input.id, status: "archived" as const, archivedAt: new Date() })',
    expectedInput: () => "{ id: string; reason?: string | undefined }",
    expectedOutput: () => '{ id: string; status: "archived"; archivedAt: Date }',
  },
  {
    name: "bulkTag",
    type: "mutation",
    input: () => "z.object({ ids: z.array(z.string()).min(1), tag: z.string() })",
    output: () => "z.object({ affected: z.number().int() })",
    resolve: () => "({ input }) => ({ affected: input.ids.length })",
    expectedInput: () => "{ ids: string[]; tag: string }",
    expectedOutput: () => "{ affected: number }",
  },
];

/** The entity type a client sees, written out by hand: the consumer compares the router against it. */
function entityType(r: Resource): string {
  return `{ id: string; ${r.field}Title: string; ${r.field}Count: number; status: "draft" | "live" | "archived"; createdAt: Date; tags: string[]; owner: { id: string; name: string }; note: string | null; rating?: number | undefined }`;
}

function resources(): Resource[] {
  const all: Resource[] = [];
  for (let d = 0; d < DOMAINS; d++) {
    for (let i = 0; i < RESOURCES_PER_DOMAIN; i++) {
      all.push({ domain: `domain${d}`, key: `d${d}i${i}`, type: `D${d}I${i}`, field: `d${d}i${i}` });
    }
  }
  return all;
}

const trpcFile = `// Generated by bench/types/generate-router.ts: the setup every resource router builds on.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";

export interface Context {
  viewer: { id: string; name: string; role: "user" | "admin" } | null;
  requestId: string;
}

export interface Meta {
  access: "public" | "signed-in";
}

const t = initTRPC.context<Context>().meta<Meta>().create({ transformer: superjson });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.meta({ access: "public" });
export const protectedProcedure = t.procedure.meta({ access: "signed-in" }).use(({ ctx, next }) => {
  if (!ctx.viewer) throw new TRPCError({ code: "UNAUTHORIZED" });
  return next({ ctx: { viewer: ctx.viewer } });
});

export const status = z.enum(["draft", "live", "archived"]);
`;

function resourceFile(r: Resource): string {
  const procedures = kinds.map((kind) => {
    const base = kind.type === "query" ? "publicProcedure" : "protectedProcedure";
    const output = kind.output ? `\n    .output(${kind.output(r)})` : "";
    return `  ${kind.name}: ${base}\n    .input(${kind.input(r)})${output}\n    .${kind.type}(${kind.resolve(r)}),`;
  });
  return `// Generated by bench/types/generate-router.ts: one resource, as routers/<resource>.ts is in packages/api.
import { z } from "zod";

import { protectedProcedure, publicProcedure, router, status } from "../../trpc";

export const ${r.key} = z.object({
  id: z.string(),
  ${r.field}Title: z.string(),
  ${r.field}Count: z.number().int(),
  status,
  createdAt: z.date(),
  tags: z.array(z.string()),
  owner: z.object({ id: z.string(), name: z.string() }),
  note: z.string().nullable(),
  rating: z.number().optional(),
});

export function ${r.key}Fixture(id: string): z.infer<typeof ${r.key}> {
  return {
    id,
    ${r.field}Title: "A title",
    ${r.field}Count: 1,
    status: "live",
    createdAt: new Date(0),
    tags: [],
    owner: { id: "u1", name: "Ada" },
    note: null,
  };
}

export const ${r.key}Router = router({
${procedures.join("\n")}
});
`;
}

function domainFile(domain: string, members: Resource[]): string {
  const imports = members.map((r) => `import { ${r.key}Router } from "./${r.key}";`).join("\n");
  const entries = members.map((r) => `  ${r.key}: ${r.key}Router,`).join("\n");
  return `// Generated by bench/types/generate-router.ts.\n${imports}\nimport { router } from "../../trpc";\n\nexport const ${domain}Router = router({\n${entries}\n});\n`;
}

function rootFile(domains: string[]): string {
  const imports = domains.map((d) => `import { ${d}Router } from "./routers/${d}";`).join("\n");
  const entries = domains.map((d) => `  ${d}: ${d}Router,`).join("\n");
  return `// Generated by bench/types/generate-router.ts: the app router, as packages/api/src/root.ts.\n${imports}\nimport { createCallerFactory, router } from "./trpc";\n\nexport const appRouter = router({\n${entries}\n});\n\nexport type AppRouter = typeof appRouter;\nexport const createCaller = createCallerFactory(appRouter);\n`;
}

const consumerPrelude = `import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";

import type { AppRouter } from "./root";

/** True only when A and B are the same type (any is equal only to any). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

type In = inferRouterInputs<AppRouter>;
type Out = inferRouterOutputs<AppRouter>;

export const client = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: "http://localhost:3000/api/trpc", transformer: superjson })],
});
`;

function consumerFile(all: Resource[]): string {
  const types = all.map((r) => `type ${r.type} = ${entityType(r)};`);
  const checks = all.flatMap((r) =>
    kinds.flatMap((kind) => [
      `  Expect<Equal<In["${r.domain}"]["${r.key}"]["${kind.name}"], ${kind.expectedInput(r)}>>,`,
      `  Expect<Equal<Out["${r.domain}"]["${r.key}"]["${kind.name}"], ${kind.expectedOutput(r)}>>,`,
    ]),
  );
  const calls = all.flatMap((r) => [
    `  const ${r.key}Page: { items: ${r.type}[]; nextCursor: string | null } = await client.${r.domain}.${r.key}.list.query({ limit: 5 });`,
    `  const ${r.key}Made: ${r.type} = await client.${r.domain}.${r.key}.create.mutate({ ${r.field}Title: "New" });`,
    `  seen.push(${r.key}Page.items[0]?.${r.field}Title, ${r.key}Made.${r.field}Count);`,
  ]);
  const [first] = all;
  if (!first) throw new Error("no resources");
  const f = `client.${first.domain}.${first.key}`;
  return `// Generated by bench/types/generate-router.ts: must compile.
${consumerPrelude}
${types.join("\n")}

/** Every procedure's input and output, exactly. */
export type Checks = [
${checks.join("\n")}
];

/** One query and one mutation per resource, through the client. */
export async function calls(): Promise<unknown[]> {
  const seen: unknown[] = [];
${calls.join("\n")}
  // @ts-expect-error -- limit is a number
  await ${f}.list.query({ limit: "five" });
  // @ts-expect-error -- no such procedure
  await ${f}.nope.query({});
  // @ts-expect-error -- a mutation has no .query
  await ${f}.create.query({ ${first.field}Title: "New" });
  // @ts-expect-error -- the title is required
  await ${f}.create.mutate({});
  return seen;
}
`;
}

/** The consumer with its mistakes left in: each line must fail with the error listed beside it. */
function wrongConsumerFile(first: Resource): { source: string; expectedErrors: ExpectedError[] } {
  const f = `client.${first.domain}.${first.key}`;
  const lines = `// Generated by bench/types/generate-router.ts: must NOT compile.
${consumerPrelude}
export async function mistakes(): Promise<unknown[]> {`.split("\n");
  const expectedErrors: ExpectedError[] = [];
  const mistake = (code: string, error: Omit<ExpectedError, "line">) => {
    lines.push(code);
    expectedErrors.push({ ...error, line: lines.length });
  };
  mistake(`  const title: number = (await ${f}.byId.query({ id: "x" })).${first.field}Title;`, {
    code: "TS2322",
    message: "Type 'string' is not assignable to type 'number'.",
  });
  mistake(`  const page = await ${f}.list.query({ limit: "five" });`, {
    code: "TS2322",
    message: "Type 'string' is not assignable to type 'number'.",
  });
  mistake(`  const missing = await ${f}.nope.query({});`, {
    code: "TS2339",
    message: "Property 'nope' does not exist",
  });
  mistake(`  type Wrong = Expect<Equal<Out["${first.domain}"]["${first.key}"]["byId"], { id: string }>>;`, {
    code: "TS2344",
    message: "Type 'false' does not satisfy the constraint 'true'.",
  });
  lines.push("  return [title, page, missing];", "}", "");
  return { source: lines.join("\n"), expectedErrors };
}

/** The packages the generated code imports, linked from where the workspace installed them. */
function linkDependencies(outDir: string) {
  const packages: Record<string, string> = {
    "@trpc/server": join(root, "packages", "api", "node_modules", "@trpc", "server"),
    zod: join(root, "packages", "api", "node_modules", "zod"),
    "@trpc/client": join(root, "packages", "client", "node_modules", "@trpc", "client"),
    superjson: join(root, "node_modules", "superjson"),
    "@types/node": join(root, "node_modules", "@types", "node"),
  };
  for (const [name, from] of Object.entries(packages)) {
    const link = join(outDir, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    // "junction" makes a directory link on Windows without admin rights; elsewhere it is ignored.
    symlinkSync(realpathSync(from), link, "junction");
  }
}

function tsconfig(outDir: string, files: string[]): string {
  const base = relative(outDir, join(root, "tsconfig.base.json"));
  return `${JSON.stringify(
    {
      extends: base,
      // Cold on every run: the bench and the budget measure a full check.
      compilerOptions: { incremental: false, noEmit: true },
      files,
    },
    null,
    2,
  )}\n`;
}

/** Writes the router, its consumers and their tsconfigs into outDir (emptied first). */
export function generateRouter(outDir: string = defaultOutDir): GeneratedRouter {
  rmSync(outDir, { recursive: true, force: true });
  const all = resources();
  const domains = [...new Set(all.map((r) => r.domain))];
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), text);
  };
  write("trpc.ts", trpcFile);
  for (const r of all) write(`routers/${r.domain}/${r.key}.ts`, resourceFile(r));
  for (const domain of domains) {
    write(
      `routers/${domain}/index.ts`,
      domainFile(
        domain,
        all.filter((r) => r.domain === domain),
      ),
    );
  }
  write("root.ts", rootFile(domains));
  write("consumer.ts", consumerFile(all));
  const [first] = all;
  if (!first) throw new Error("no resources");
  const wrong = wrongConsumerFile(first);
  write("wrong-consumer.ts", wrong.source);
  write("tsconfig.json", tsconfig(outDir, ["root.ts", "consumer.ts"]));
  write("tsconfig.wrong.json", tsconfig(outDir, ["root.ts", "wrong-consumer.ts"]));
  linkDependencies(outDir);

  const queries = all.length * kinds.filter((k) => k.type === "query").length;
  const mutations = all.length * kinds.filter((k) => k.type === "mutation").length;
  return {
    outDir,
    procedures: queries + mutations,
    queries,
    mutations,
    tsconfig: join(outDir, "tsconfig.json"),
    wrongTsconfig: join(outDir, "tsconfig.wrong.json"),
    expectedErrors: wrong.expectedErrors,
  };
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const generated = generateRouter(process.argv[2] ?? defaultOutDir);
  console.log(
    `${generated.procedures} procedures (${generated.queries} queries, ${generated.mutations} mutations) in ${relative(process.cwd(), generated.outDir)}`,
  );
}
