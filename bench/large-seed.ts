import type { SeedRows } from "@trellis/db";
import { uuidv7 } from "uuidv7";

/**
 * A database worth measuring: `users` authors, `posts` posts spread over the
 * last year, `likes` likes on distinct (user, post) pairs. Deterministic (a
 * seeded generator), so two runs measure the same data.
 */
export function buildLargeSeed({ users = 100, posts = 10_000, likes = 50_000 } = {}): SeedRows {
  // mulberry32: a seeded 32-bit generator (Math.imul keeps it exact, unlike float arithmetic).
  let state = 42;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const now = Date.now();

  const userRows = Array.from({ length: users }, (_, i) => ({
    id: uuidv7(),
    email: `bench${i}@trellis.dev`,
    name: `Bench User ${i}`,
    role: "user" as const,
  }));
  const postRows = Array.from({ length: posts }, (_, i) => {
    const createdAt = new Date(now - Math.floor(random() * 365 * 86_400_000));
    return {
      id: uuidv7(),
      authorId: pick(userRows).id,
      title: `Bench post ${i}`,
      body: "A post of about the length people write. ".repeat(4).trim(),
      createdAt,
      updatedAt: createdAt,
    };
  });
  const likeRows: SeedRows["likes"] = [];
  const seen = new Set<string>();
  while (likeRows.length < Math.min(likes, users * posts)) {
    const [user, post] = [pick(userRows), pick(postRows)];
    const key = `${user.id}:${post.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    likeRows.push({ userId: user.id, postId: post.id, createdAt: post.createdAt });
  }
  return { users: userRows, accounts: [], posts: postRows, comments: [], likes: likeRows };
}
