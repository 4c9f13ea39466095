import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { readConfig, writeConfig } from "./config";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("writeConfig", () => {
  it("replaces an older, wider config.json with a 0600 one, in a 0700 folder, leaving no temporary file", () => {
    const dir = mkdtempSync(join(tmpdir(), "trellis-config-"));
    made.push(dir);
    chmodSync(dir, 0o755);
    const file = join(dir, "config.json");
    writeFileSync(file, "{}\n", { mode: 0o644 });

    writeConfig({ url: "https://trellis.example.com", token: "trl_secret" }, file);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readConfig(file)).toEqual({ url: "https://trellis.example.com", token: "trl_secret" });
    expect(readdirSync(dir)).toEqual(["config.json"]);
  });
});
