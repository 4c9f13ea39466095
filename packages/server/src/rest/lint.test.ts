import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { appRouter } from "@trellis/api";
import { afterAll, describe, expect, it } from "vitest";
import { createOpenApiDocument } from "./document";

const redocly = join(dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin/cli.js");
const config = join(import.meta.dirname, "../../redocly.yaml");
const scratch = mkdtempSync(join(tmpdir(), "trellis-openapi-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
}

/** `redocly lint` of the documents as served, in one run: a JSON report per document, each problem with its rule and where. */
async function lint(documents: object[]): Promise<LintReport[]> {
  const files = documents.map((document, i) => {
    const file = join(scratch, `openapi-${i}.json`);
    writeFileSync(file, JSON.stringify(document));
    return file;
  });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [redocly, "lint", ...files, "--config", config, "--format", "json"],
    // No telemetry from a test run; its exit code says only what the report below says in full.
    { env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
  ).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? "" }));
  // The reports follow one another ("}{"), after whatever notice the CLI printed first.
  const reports = stdout.slice(stdout.indexOf("{")).replace(/\}\s*\{/g, "},{");
  return JSON.parse(`[${reports}]`);
}

describe("the OpenAPI document, linted", () => {
  it("has no errors or warnings under redocly's recommended rules, with either cookie name", async () => {
    const reports = await lint(
      [true, false].map((secureCookies) =>
        createOpenApiDocument({ router: appRouter, baseUrl: "/api/v1", secureCookies }),
      ),
    );
    expect(reports).toHaveLength(2);
    for (const report of reports) {
      const problems = report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
      expect(problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    }
  });

  it("describes errors only as problem details, every tag, its license, and this deployment's cookie", () => {
    const secure = createOpenApiDocument({ router: appRouter, baseUrl: "/api/v1", secureCookies: true });
    expect(Object.keys(secure.components?.schemas ?? {}).filter((name) => name.startsWith("error."))).toEqual([]);
    expect(JSON.stringify(secure)).not.toMatch(/#\/components\/schemas\/error\./);
    for (const tag of secure.tags ?? []) expect(tag.description, tag.name).toBeTruthy();
    expect(secure.info.license?.name).toBeTruthy();
    expect(secure.components?.securitySchemes?.sessionCookie).toMatchObject({
      in: "cookie",
      name: "__Secure-authjs.session-token",
    });
    const plain = createOpenApiDocument({ router: appRouter, baseUrl: "/api/v1", secureCookies: false });
    expect(plain.components?.securitySchemes?.sessionCookie).toMatchObject({ name: "authjs.session-token" });
  });
});
