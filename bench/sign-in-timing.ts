/**
 * Does a failed sign-in take the same time whether or not the email has an
 * account? Prints the median and spread of checkCredentials for a wrong
 * password and for an unknown email (a difference would tell
 * which emails have accounts). A benchmark, not a test: the
 * figures depend on the machine; compare the two lines with each other.
 *
 *   pnpm bench:sign-in            (in-memory SQLite; ROUNDS=200 by default)
 */
import { checkCredentials, hashPassword } from "@trellis/auth";
import { createTestDatabase } from "@trellis/db/testing";

const ROUNDS = Number(process.env.ROUNDS ?? 200);
const database = await createTestDatabase("sqlite");
await database.data.accounts.signUp({
  email: "known@example.com",
  name: "Known",
  passwordHash: await hashPassword("the right password"),
});

async function time(label: string, email: string) {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const user = await checkCredentials(database.data, { email, password: "a wrong password" });
    samples.push(performance.now() - started);
    if (user) throw new Error("signed in with a wrong password");
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => (samples[Math.floor(q * (samples.length - 1))] ?? 0).toFixed(2);
  console.log(`${label.padEnd(16)} median ${at(0.5)} ms   p10 ${at(0.1)} ms   p90 ${at(0.9)} ms   (${ROUNDS} rounds)`);
}

// One warm-up each, so neither side pays for the decoy hash or JIT alone.
await checkCredentials(database.data, { email: "nobody@example.com", password: "x" });
await checkCredentials(database.data, { email: "known@example.com", password: "x" });
await time("wrong password", "known@example.com");
await time("unknown email", "nobody@example.com");
await database.close();
