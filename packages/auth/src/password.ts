// Loaded on the first sign-in or sign-up, not when the server starts: a native addon a start never calls
// (docs/decisions/040).
const argon2 = () => import("@node-rs/argon2");

/**
 * argon2id (the library's default algorithm; password.test.ts checks the
 * hash says so) with OWASP's minimum recommended cost: 19 MiB, 2 passes,
 * 1 lane. The parameters are stored in each hash, so raising them later
 * still verifies old hashes.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2().then(({ hash }) => hash(password, OPTIONS));
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
  decoy ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await decoy, password);
  return false;
}
