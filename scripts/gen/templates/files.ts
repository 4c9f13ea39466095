import type { Resource } from "../resource";
import { pgDataFile, sqliteDataFile } from "./data";
import { routerFile, routerTestFile } from "./router";
import { validatorsFile } from "./validators";
import { detailComponent, detailPage, e2eSpec, formComponent, listComponent, listPage } from "./web";

export interface NewFile {
  path: string;
  /** Called only when writing: removing needs the paths alone, and knows no fields. */
  text: () => string;
}

/** Every file a resource has of its own, and what it holds. */
export function newFiles(r: Resource): NewFile[] {
  return [
    { path: `packages/validators/src/${r.fileSingular}.ts`, text: () => validatorsFile(r) },
    { path: `packages/db/src/data/${r.filePlural}/sqlite.ts`, text: () => sqliteDataFile(r) },
    { path: `packages/db/src/data/${r.filePlural}/pg.ts`, text: () => pgDataFile(r) },
    { path: `packages/api/src/routers/${r.fileSingular}.ts`, text: () => routerFile(r) },
    { path: `packages/api/src/routers/${r.fileSingular}.test.ts`, text: () => routerTestFile(r) },
    { path: `apps/web/src/components/${r.fileSingular}-form.tsx`, text: () => formComponent(r) },
    { path: `apps/web/src/components/${r.filePlural}.tsx`, text: () => listComponent(r) },
    { path: `apps/web/src/components/${r.fileSingular}-detail.tsx`, text: () => detailComponent(r) },
    // In the (trpc) group: their client components call procedures without a prefetch.
    { path: `apps/web/src/app/(trpc)/${r.filePlural}/page.tsx`, text: () => listPage(r) },
    { path: `apps/web/src/app/(trpc)/${r.filePlural}/[id]/page.tsx`, text: () => detailPage(r) },
    { path: `tests/e2e/${r.filePlural}.spec.ts`, text: () => e2eSpec(r) },
  ];
}
