import { describe, expect, it } from "vitest";

import { redactUrl } from "./redact-url";

describe("redactUrl", () => {
  it.each([
    ["postgres://app:secret@db.internal:5432/trellis", "postgres://app:***@db.internal:5432/trellis"],
    ["postgresql://app:s3cr@t@db/trellis?sslmode=require", "postgresql://app:***@db/trellis?sslmode=require"],
    ["postgres://app:pa/ss?w#rd@db/trellis", "postgres://app:***@db/trellis"],
    ["redis://:secret@127.0.0.1:6379", "redis://:***@127.0.0.1:6379"],
    ["rediss://default:secret@cache.example.com", "rediss://default:***@cache.example.com"],
  ])("hides the password of %s", (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it.each(["postgres://app@db/trellis", "redis://127.0.0.1:6379", "file:./data/trellis.db", "./trellis.db"])(
    "shows %s, which has no password, as it is",
    (url) => {
      expect(redactUrl(url)).toBe(url);
    },
  );
});
