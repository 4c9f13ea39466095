/**
 * A teammate's script, through the typed client: who the token belongs to
 * (and, while the demo is in, the newest posts and a new one).
 *
 *   TRELLIS_URL=http://localhost:3000 TRELLIS_TOKEN=trl_… pnpm --filter @trellis/example-node-script start
 *
 * Make a token at /settings (read and write). Every call below is checked by
 * TypeScript against the app's router: try misspelling `email` or `limit`.
 */
import { createTrellisClient, errorCode, fieldErrors, type TrellisClient } from "@trellis/client";

const url = process.env.TRELLIS_URL ?? "http://localhost:3000";
const token = process.env.TRELLIS_TOKEN;
if (!token) {
  console.error("Set TRELLIS_TOKEN to an API token from Settings → API tokens.");
  process.exit(2);
}

/** The token's user: `account.me` says how the call was made, `account.profile` reads the account. */
async function showAccount(client: TrellisClient): Promise<void> {
  const me = await client.account.me.query();
  console.log(`Signed in as ${me?.name ?? "nobody"} (${me?.via ?? "anonymous"})`);
  const profile = await client.account.profile.query();
  console.log(`Account: ${profile.email}, role ${profile.role}`);
}

/** The demo's part: the newest posts, then a new one (FORBIDDEN with a read-only token). */
async function listAndWritePosts(client: TrellisClient): Promise<void> {
  const { items } = await client.post.list.query({ limit: 5 });
  for (const post of items) {
    // createdAt is a Date, not a string: the client uses the app's transformer.
    console.log(`- ${post.title} by ${post.author.name}, ${post.likeCount} likes, ${post.createdAt.toDateString()}`);
  }
  try {
    const post = await client.post.create.mutate({
      title: `Hello from a script at ${new Date().toISOString()}`,
      body: "Written with @trellis/client.",
    });
    console.log(`Created ${post.id}`);
  } catch (error) {
    // A read-only token lands here with FORBIDDEN; bad input with BAD_REQUEST and per-field messages.
    console.error(`Could not create a post: ${errorCode(error)}`, fieldErrors(error));
    process.exitCode = 1;
  }
}

async function main(client: TrellisClient): Promise<void> {
  await showAccount(client);
  await listAndWritePosts(client);
}

await main(createTrellisClient({ url, token }));
