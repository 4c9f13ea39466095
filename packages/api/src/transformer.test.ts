import { initTRPC } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { transformer } from "./transformer";

const t = initTRPC.create({ transformer });
const router = t.router({
  echo: t.procedure.input(z.object({ at: z.date(), note: z.string() })).mutation(({ input }) => input),
});

async function call(body: string) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router,
    req: new Request("http://localhost/api/trpc/echo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }),
    createContext: () => ({}),
  });
  return {
    status: response.status,
    envelope: (await response.json()) as { result?: { data: unknown }; error?: unknown },
  };
}

describe("the wire format (devalue)", () => {
  it("round-trips what JSON cannot: Dates, undefined, Maps, Sets, BigInts", () => {
    const value = { at: new Date(0), gone: undefined, tags: new Set(["a"]), counts: new Map([["a", 1n]]) };
    const wire = JSON.parse(JSON.stringify(transformer.output.serialize(value)));
    expect(transformer.output.deserialize(wire)).toEqual(value);
  });

  it("carries a Date in and out of a procedure as a Date", async () => {
    const at = new Date("2026-11-25T12:00:00.000Z");
    const { status, envelope } = await call(JSON.stringify(transformer.input.serialize({ at, note: "hi" })));
    expect(status).toBe(200);
    expect(transformer.output.deserialize(envelope.result?.data)).toEqual({ at, note: "hi" });
  });

  it("refuses an object with a __proto__ key, which could otherwise reach a prototype", async () => {
    // What a hostile client could send: an object whose `__proto__` key points at { polluted: 3 }.
    const wire = '[{"__proto__":1,"note":2},{"polluted":3},"x"]';
    expect(() => transformer.input.deserialize(wire)).toThrow(/__proto__/);
    const { status } = await call(JSON.stringify(wire));
    expect(status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses plain JSON input as a bad request, not a server error", async () => {
    const { status, envelope } = await call(JSON.stringify({ at: "2026-11-25", note: "hi" }));
    expect(status).toBe(400);
    expect(transformer.output.deserialize(envelope.error)).toMatchObject({ data: { code: "BAD_REQUEST" } });
  });
});
