import { type Settings, settings } from "@trellis/validators/settings";

// Loaded on the first sign-in or sign-up, not when the server starts: a native addon a start never calls
// (docs/decisions/040).
const argon2 = () => import("@node-rs/argon2");

/**
 * argon2id (the library's default algorithm; password.test.ts checks the
 * hash says so). "full" is OWASP's minimum recommended cost: 19 MiB, 2
 * passes, 1 lane, and it is what production, development and any script
 * use. "test" (1 MiB, 1 pass) is for vitest only: the settings module gives
 * it for NODE_ENV=test and nothing else, as the suite signs up thousands of
 * users. The parameters are stored in each hash, so verifying never depends
 * on them, and raising them later still verifies old hashes.
 */
export const PASSWORD_HASH_COSTS = {
  full: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  test: { memoryCost: 1_024, timeCost: 1, parallelism: 1 },
} as const satisfies Record<Settings["passwordHashCost"], object>;

export function hashPassword(
  password: string,
  cost: Settings["passwordHashCost"] = settings().passwordHashCost,
): Promise<string> {
  return argon2().then(({ hash }) => hash(password, PASSWORD_HASH_COSTS[cost]));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const { verify } = await argon2();
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed hash is a failed sign-in, not a crash (and not a log line with the input).
    return false;
  }
}

/** A real hash of nothing anyone knows, computed once: see `verifyNobody`. */
let decoy: Promise<string> | undefined;

/**
 * Spends the time of one verification and fails. Signing in with an unknown
 * email does this instead of returning at once, so the answer's timing does
 * not reveal which emails have accounts.
 */
export async function verifyNobody(password: string): Promise<false> {
  decoy ??= hashPassword(crypto.randomUUID()).catch((error: unknown) => {
    // Not kept: the next unknown email tries again, rather than every one failing until a restart.
    decoy = undefined;
    throw error;
  });
  await verifyPassword(await decoy, password);
  return false;
}
