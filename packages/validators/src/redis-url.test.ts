import { describe, expect, it } from "vitest";

import { redisDoesNotAnswer } from "./redis-url";

describe("redisDoesNotAnswer", () => {
  it("names the variable, the URL without its password, what needed it and why", () => {
    const cause = new Error("connect ECONNREFUSED 127.0.0.1:1");
    const error = redisDoesNotAnswer("redis://:hunter2@127.0.0.1:1", "the event bus", cause);
    expect(error.message).toBe(
      "REDIS_URL does not answer (redis://:***@127.0.0.1:1) for the event bus: connect ECONNREFUSED 127.0.0.1:1",
    );
    expect(error.cause).toBe(cause);
  });

  it("never repeats a URL it cannot read, which may hold a password anywhere", () => {
    expect(redisDoesNotAnswer("hunter2", "rate limits", "refused").message).toBe(
      "REDIS_URL does not answer (not a URL) for rate limits: refused",
    );
  });
});
