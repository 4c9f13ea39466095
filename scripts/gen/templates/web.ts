import { exampleInput, type Field, type Resource, titleField } from "../resource";

/** The form's starting value of a field, as its input holds it. */
const emptyValue = (f: Field) => (f.type === "boolean" ? '"no"' : '""');

/** A saved row's field, as the form's input holds it. */
function formValue(r: Resource, f: Field): string {
  const value = `${r.singular}.${f.key}`;
  if (f.type === "boolean") return `${value} ? "yes" : "no"`;
  return f.optional ? `${value} ?? ""` : value;
}

function control(f: Field): string {
  const label = f.optional ? `${f.label} (optional)` : f.label;
  if (f.type === "boolean") {
    return `<SelectField label="${label}" {...form.field("${f.key}")} options={YES_NO} />`;
  }
  const multiline = f.type === "text" ? " multiline" : "";
  const placeholder = f.type === "date" ? ' placeholder="YYYY-MM-DD"' : "";
  return `<FormField label="${label}"${multiline}${placeholder} {...form.field("${f.key}")} />`;
}

export function formComponent(r: Resource): string {
  const S = r.Singular;
  const hasBoolean = r.fields.some((f) => f.type === "boolean");
  return `"use client";

import { ${r.singular}Form, type ${S}View } from "@trellis/validators";
import type { z } from "zod";

import type { describeApiError } from "@/lib/field-errors";
import { useSchemaForm } from "@/lib/use-schema-form";

import { buttonStyles } from "./button-styles";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";
${hasBoolean ? 'import { SelectField } from "./select-field";\n' : ""}
/** What the form's inputs hold: every value a string. */
const empty = { ${r.fields.map((f) => `${f.key}: ${emptyValue(f)}`).join(", ")} };
${hasBoolean ? '\nconst YES_NO = [\n  { value: "no", label: "No" },\n  { value: "yes", label: "Yes" },\n];\n' : ""}
/** A saved ${r.words.one}, as the form's inputs hold it: the starting values of its edit form. */
export function ${r.singular}FormValues(${r.singular}: ${S}View): typeof empty {
  return { ${r.fields.map((f) => `${f.key}: ${formValue(r, f)}`).join(", ")} };
}

/** How a save ends: the form resets (when asked) or shows the error beside the fields it names. */
interface SaveHandlers {
  onSuccess: () => void;
  onError: (error: Parameters<typeof describeApiError>[0]) => void;
}

/** The create and edit form of a ${r.words.one}, checked in the browser by the same schema as the procedure. */
export function ${S}Form({
  initial = empty,
  submitLabel,
  pending,
  resetOnSave = false,
  onSave,
}: {
  initial?: typeof empty;
  submitLabel: string;
  pending: boolean;
  resetOnSave?: boolean;
  onSave: (input: z.output<typeof ${r.singular}Form>, handlers: SaveHandlers) => void;
}) {
  const form = useSchemaForm(${r.singular}Form, initial);
  const submit = form.onSubmit((input) =>
    onSave(input, { onSuccess: () => resetOnSave && form.reset(), onError: form.showError }),
  );
  return (
    <form noValidate onSubmit={submit} className="space-y-3">
      ${r.fields.map(control).join("\n      ")}
      <FormAlert message={form.formError} />
      <PendingButton type="submit" pending={pending} className={buttonStyles.primary}>
        {submitLabel}
      </PendingButton>
    </form>
  );
}
`;
}

export function listComponent(r: Resource): string {
  const S = r.Singular;
  const title = titleField(r);
  return `"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";

import { nextCursor } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { ${S}Form } from "./${r.fileSingular}-form";

const PAGE_SIZE = 20;

/** ${r.Plural}, newest first, a page at a time; for a signed-in person, a form to add one. */
export function ${r.Plural}({ signedIn }: { signedIn: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ${r.plural} = useInfiniteQuery(
    trpc.${r.singular}.list.infiniteQueryOptions({ limit: PAGE_SIZE }, { getNextPageParam: nextCursor }),
  );
  const create = useMutation(
    trpc.${r.singular}.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.${r.singular}.list.infiniteQueryKey() }),
    }),
  );
  const items = ${r.plural}.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="space-y-6">
      {signedIn ? (
        <${S}Form
          submitLabel="Add ${r.words.one}"
          pending={create.isPending}
          resetOnSave
          onSave={(input, handlers) => create.mutate(input, handlers)}
        />
      ) : null}
      <ul aria-label="${r.Plural}" className="divide-y divide-line rounded-lg border border-line">
        {items.map((${r.singular}) => (
          <li key={${r.singular}.id} className="px-4 py-3">
            <Link href={\`/${r.filePlural}/\${${r.singular}.id}\`} className="font-medium text-ink hover:underline">
              {${r.singular}.${title.key}}
            </Link>
          </li>
        ))}
      </ul>
      {${r.plural}.isSuccess && items.length === 0 ? <p className="text-ink-muted">No ${r.words.many} yet.</p> : null}
      {${r.plural}.hasNextPage ? (
        <button
          type="button"
          className={buttonStyles.secondary}
          disabled={${r.plural}.isFetchingNextPage}
          onClick={() => ${r.plural}.fetchNextPage()}
        >
          More ${r.words.many}
        </button>
      ) : null}
    </div>
  );
}
`;
}

export function detailComponent(r: Resource): string {
  const S = r.Singular;
  const title = titleField(r);
  const shown = r.fields.filter((f) => f !== title);
  const value = (f: Field) => {
    const v = `${r.singular}.${f.key}`;
    if (f.type === "boolean") return `{${v} ? "Yes" : "No"}`;
    return f.optional ? `{${v} ?? "—"}` : `{${v}}`;
  };
  return `"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

${r.owned ? `import { canModerate } from "@/lib/permissions";\n` : ""}import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { ConfirmDialog } from "./confirm-dialog";
import { ${S}Form, ${r.singular}FormValues } from "./${r.fileSingular}-form";
${r.owned ? `import { useViewer } from "./viewer";\n` : ""}
/** One ${r.words.one}: what it holds, and for a signed-in person its edit form and a delete button. */
export function ${S}Detail({ id, signedIn }: { id: string; signedIn: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();${r.owned ? "\n  const viewer = useViewer();" : ""}
  const ${r.singular} = useQuery(trpc.${r.singular}.byId.queryOptions({ id }));
  const saved = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.${r.singular}.pathKey() });
  };
  const update = useMutation(trpc.${r.singular}.update.mutationOptions({ onSuccess: saved }));
  const remove = useMutation(
    trpc.${r.singular}.delete.mutationOptions({
      onSuccess: async () => {
        router.push("/${r.filePlural}");
        await saved();
      },
    }),
  );

  if (${r.singular}.isError) return <p className="text-ink-muted">{${r.singular}.error.message}</p>;
  if (!${r.singular}.data) return <p className="text-ink-muted">Loading…</p>;
  const current = ${r.singular}.data;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">{current.${title.key}}</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        ${shown.map((f) => `<dt className="text-ink-muted">${f.label}</dt>\n        <dd className="text-ink">${value(f).replace(`${r.singular}.`, "current.")}</dd>`).join("\n        ")}
      </dl>
      {${mayChange(r)} ? (
        <>
          <h2 className="text-lg font-semibold text-ink">Edit</h2>
          <${S}Form
            key={current.updatedAt.getTime()}
            initial={${r.singular}FormValues(current)}
            submitLabel="Save ${r.words.one}"
            pending={update.isPending}
            onSave={(input, handlers) => update.mutate({ id, ...input }, handlers)}
          />
          <ConfirmDialog
            trigger={
              <button type="button" className={buttonStyles.dangerGhost}>
                Delete ${r.words.one}
              </button>
            }
            title="Delete this ${r.words.one}?"
            description="This can’t be undone."
            confirmLabel="Delete permanently"
            onConfirm={() => remove.mutateAsync({ id })}
          />
        </>
      ) : null}
    </div>
  );
}
`;
}

/**
 * Who sees the edit form and the delete button: with --owned its owner or an
 * admin (a hint only, ownerProcedure decides), like a post's; else anyone signed in.
 */
const mayChange = (r: Resource) => (r.owned ? "canModerate(viewer, current.ownerId)" : "signedIn");

/** How a page finds its viewer: reading needs an account unless anyone may read. */
const viewerLine = (r: Resource, path: string) =>
  r.publicRead
    ? `  const signedIn = (await getViewer()) !== null;`
    : `  // Reading needs an account: signed out, the sign-in page first, then back here.\n  await requireViewer(${path});`;

/** The page's `signedIn` prop: behind requireViewer it is always so. */
const signedInProp = (r: Resource) => (r.publicRead ? "signedIn={signedIn}" : "signedIn");

const viewerImport = (r: Resource) =>
  r.publicRead ? `import { getViewer } from "@/trpc/server";` : `import { requireViewer } from "@/server/viewer";`;

export function listPage(r: Resource): string {
  return `import type { Metadata } from "next";

import { ${r.Plural} } from "@/components/${r.filePlural}";
${viewerImport(r)}

export const metadata: Metadata = { title: "${r.Plural}" };
export const dynamic = "force-dynamic";

export default async function ${r.Plural}Page() {
${viewerLine(r, `"/${r.filePlural}"`)}
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">${r.Plural}</h1>
      <${r.Plural} ${signedInProp(r)} />
    </div>
  );
}
`;
}

export function detailPage(r: Resource): string {
  return `import { ${r.singular}IdInput } from "@trellis/validators";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { ${r.Singular}Detail } from "@/components/${r.fileSingular}-detail";
${viewerImport(r).replace(' } from "@/trpc/server"', ', getQueryClient, trpc } from "@/trpc/server"')}${r.publicRead ? "" : `\nimport { getQueryClient, trpc } from "@/trpc/server";`}

export const metadata: Metadata = { title: "${r.Singular}" };
export const dynamic = "force-dynamic";

/**
 * Next's not-found page when the id is malformed or names no ${r.words.one}: a
 * real HTTP 404 (it runs before anything streams), as a post's page does.
 */
async function assert${r.Singular}Exists(id: string) {
  if (!${r.singular}IdInput.safeParse({ id }).success) notFound();
  try {
    await getQueryClient().fetchQuery(trpc.${r.singular}.byId.queryOptions({ id }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export default async function ${r.Singular}Page({ params }: PageProps<"/${r.filePlural}/[id]">) {
  const { id } = await params;
${viewerLine(r, `\`/${r.filePlural}/\${id}\``)}
  await assert${r.Singular}Exists(id);
  return <${r.Singular}Detail id={id} ${signedInProp(r)} />;
}
`;
}

/**
 * The generated page's e2e spec, run against the production build: a signed-in
 * person creates, edits and deletes one through the list and detail pages,
 * and a client holding only an API token does the same over REST.
 */
export function e2eSpec(r: Resource): string {
  const title = titleField(r);
  const firstLabel = (f: Field) => (f.optional ? `${f.label} (optional)` : f.label);
  const path = `/api/v1/${r.filePlural}`;
  return `import { createToken, expect, test } from "./fixtures";

test("a ${r.words.one} is created, edited and deleted through its pages", async ({ page, user }) => {
  expect(user.email).toBeTruthy();
  await page.goto("/${r.filePlural}");
  await page.getByLabel("${firstLabel(title)}").fill("Written in the browser");
  await page.getByRole("button", { name: "Add ${r.words.one}" }).click();
  const listed = page.getByRole("list", { name: "${r.Plural}" }).getByRole("link", { name: "Written in the browser" });
  await expect(listed).toBeVisible();

  await listed.click();
  await expect(page.getByRole("heading", { name: "Written in the browser" })).toBeVisible();
  await page.getByLabel("${firstLabel(title)}").fill("Edited in the browser");
  await page.getByRole("button", { name: "Save ${r.words.one}" }).click();
  await expect(page.getByRole("heading", { name: "Edited in the browser" })).toBeVisible();

  await page.getByRole("button", { name: "Delete ${r.words.one}" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete permanently" }).click();
  await expect(page).toHaveURL(/\\/${r.filePlural}$/);
  await expect(page.getByRole("link", { name: "Edited in the browser" })).toHaveCount(0);
});

test("a ${r.words.one} is created, read, edited and deleted over REST with a bearer token", async ({
  page,
  user,
  playwright,
  baseURL,
}) => {
  expect(user.email).toBeTruthy();
  const { secret } = await createToken(page.request, "read-write", "${r.Plural} over REST");
  // A client with no cookies at all: only the token speaks for it.
  const http = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: \`Bearer \${secret}\` },
  });
  try {
    const input = ${exampleInput(r)};
    const edited = ${exampleInput(r, 1)};

    const created = await http.post("${path}", { data: input });
    expect(created.status()).toBe(201);
    const location = created.headers().location ?? "";
    expect(location).toMatch(/^\\/api\\/v1\\/${r.filePlural}\\/[\\w-]+$/);
    const read = await http.get(location);
    expect(read.status()).toBe(200);
    const ${r.singular} = await read.json();
    expect(${r.singular}).toMatchObject(input);
    const { items } = await (await http.get("${path}")).json();
    expect(items.map((item: { id: string }) => item.id)).toContain(${r.singular}.id);

    // The browser, signed in as the same person, sees what the token wrote.
    await page.goto(\`/${r.filePlural}/\${${r.singular}.id}\`);
    await expect(page.getByRole("heading", { name: input.${title.key}, exact: true })).toBeVisible();

    const patched = await http.patch(location, { data: edited });
    expect(patched.status()).toBe(200);
    expect(await patched.json()).toMatchObject({ ...edited, id: ${r.singular}.id });
    expect(await (await http.get(location)).json()).toMatchObject(edited);

    expect((await http.delete(location)).status()).toBe(204);
    expect((await http.get(location)).status()).toBe(404);
    expect((await http.delete(location)).status()).toBe(404);
  } finally {
    await http.dispose();
  }
});
`;
}
