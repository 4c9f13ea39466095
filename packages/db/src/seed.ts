import { uuidv7 } from "uuidv7";

import type { Database, SeedRows } from "./database";

/**
 * The seeded accounts you can sign in with, on a development database only
 * (README). The hashes are argon2id of these passwords, computed once with
 * @trellis/auth's hashPassword; packages/auth/src/password.test.ts checks them.
 */
export const DEMO_USER_EMAIL = "demo@trellis.dev";
export const DEMO_USER_PASSWORD = "demo-password";
export const ADMIN_EMAIL = "ada@trellis.dev";
export const ADMIN_PASSWORD = "admin-password";
export const SEED_PASSWORD_HASHES: Record<string, string> = {
  [DEMO_USER_EMAIL]:
    "$argon2id$v=19$m=19456,t=2,p=1$2SPxbpNJXkgT10+0bZuI5g$9bgU7Ndlyy6/hYzf+Zx1mTW/iP2p/kn4KNfrYaRZWlI",
  [ADMIN_EMAIL]: "$argon2id$v=19$m=19456,t=2,p=1$vSWEdlhnBcygQzs32+Qnug$GZ5Tj5xNlDisKUigCn9u5wOGErjtrJRnaDIdIDYdnP4",
};

const people = [
  { email: DEMO_USER_EMAIL, name: "Dana Demo", role: "user" },
  { email: ADMIN_EMAIL, name: "Ada Admin", role: "admin" },
  { email: "sam@trellis.dev", name: "Sam Rivera", role: "user" },
  { email: "priya@trellis.dev", name: "Priya Natarajan", role: "user" },
  { email: "lee@trellis.dev", name: "Lee Okafor", role: "user" },
] as const satisfies readonly Omit<SeedRows["users"][number], "id">[];

const topics = [
  ["Shipping the first vertical slice", "From a SQLite row to a click in the browser, with types the whole way."],
  ["Why keyset pagination", "Offsets skip and repeat rows when the feed moves; a (created_at, id) cursor does not."],
  ["Notes on WAL mode", "Readers no longer block the writer, and the writer no longer blocks readers."],
  [
    "One schema for forms and procedures",
    "The compose form and the create procedure validate with the same zod object.",
  ],
  ["Counting likes without N+1", "Correlated subqueries keep the feed at one statement per page."],
  ["Optimistic updates, honestly", "Flip the heart at once, roll it back if the server says no."],
  ["What goes in a route handler", "Nothing but the adapter from HTTP to the router. Rules live in procedures."],
  ["UUIDv7 in practice", "Sortable ids that still look random to anyone guessing."],
  ["Migrations are code", "drizzle-kit writes the SQL; we review it and commit it."],
  ["A seed that tells a story", "Fake data should look like what real users will write."],
  ["Prefetch on the server", "The first paint already has the feed; the client hydrates the cache."],
  ["Errors that help without leaking", "Field errors for the form, a code for the client, nothing about SQL."],
  ["Test against a fresh database", "Each test file gets its own SQLite; no test depends on another."],
  ["Phone first", "The feed should read well at 390 pixels before it reads well at 1280."],
  ["The busy timeout", "Five seconds of patience beats an immediate SQLITE_BUSY."],
] as const;

const remarks = [
  "This matches what we saw in staging.",
  "Could we add a benchmark for this?",
  "Love how small the diff is.",
  "I tried this on Postgres too and it held up.",
  "Agreed, the types caught two bugs for me already.",
  "Worth an ADR?",
];

/**
 * The seed's rows: five users and 30 posts with comments and likes.
 * Deterministic but for ids and "now", so screenshots and demos look the same
 * everywhere, and built in memory so both dialects insert exactly the same.
 */
export function buildSeed(now = Date.now()): SeedRows {
  const rows: SeedRows = { users: [], accounts: [], posts: [], comments: [], likes: [] };
  rows.users = people.map((person) => ({ id: uuidv7(), ...person }));
  for (const user of rows.users) {
    const passwordHash = SEED_PASSWORD_HASHES[user.email];
    if (passwordHash) {
      rows.accounts.push({ userId: user.id, provider: "credentials", providerAccountId: user.email, passwordHash });
    }
  }
  const userAt = (i: number) => (rows.users[i % rows.users.length] as SeedRows["users"][number]).id;

  const hour = 3_600_000;
  for (let i = 0; i < 30; i++) {
    const [title, body] = topics[i % topics.length] as (typeof topics)[number];
    const createdAt = new Date(now - (30 - i) * 5 * hour);
    const postId = uuidv7();
    rows.posts.push({
      id: postId,
      authorId: userAt(i),
      title: i < topics.length ? title : `${title} (part 2)`,
      body,
      createdAt,
      updatedAt: createdAt,
    });
    for (let c = 0; c < i % 4; c++) {
      const at = new Date(createdAt.getTime() + (c + 1) * hour);
      rows.comments.push({
        id: uuidv7(),
        postId,
        authorId: userAt(i + c + 1),
        body: remarks[(i + c) % remarks.length] as string,
        createdAt: at,
        updatedAt: at,
      });
    }
    for (let l = 0; l < (i * 7) % rows.users.length; l++) {
      rows.likes.push({ postId, userId: userAt(i + l + 1), createdAt: new Date(createdAt.getTime() + hour) });
    }
  }
  return rows;
}

/**
 * Seeds only a database with no users, so restarts keep what people wrote;
 * safe when several processes start on one empty database at once.
 */
export async function seedIfEmpty(database: Database): Promise<boolean> {
  // The cheap check first: every start after the first finds users and builds nothing.
  if (!(await database.isEmpty())) return false;
  return database.insertSeedIfEmpty(buildSeed());
}
