import { describe, expect, it } from "vitest";

import { namesFor, slugOf, tokenPrefixOf } from "./names";

describe("pnpm rename's names", () => {
  it("derives the command and the token prefix from the app's name", () => {
    expect(namesFor("@acme", "Acme Notes")).toEqual({
      scope: "@acme",
      appName: "Acme Notes",
      bin: "acme-notes",
      tokenPrefix: "acm_",
    });
    expect(slugOf("Café & Co.")).toBe("cafe-co");
    expect(tokenPrefixOf("x-1")).toBe("xxx_");
  });

  it("takes a token prefix that is three letters and an underscore, and refuses any other", () => {
    expect(namesFor("@acme", "Acme Notes", "acn_").tokenPrefix).toBe("acn_");
    expect(() => namesFor("@acme", "Acme Notes", "acme_")).toThrow(/three lowercase letters/);
  });

  it("refuses a scope or a name that would not survive being written into code", () => {
    expect(() => namesFor("acme", "Acme")).toThrow(/npm scope/);
    expect(() => namesFor("@Acme", "Acme")).toThrow(/npm scope/);
    expect(() => namesFor("@acme", 'Acme "Notes"')).toThrow(/cannot be the app's name/);
    expect(() => namesFor("@acme", "42")).toThrow(/start with a letter/);
  });
});
