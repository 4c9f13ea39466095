/**
 * Whether a new password is too easy to guess (NIST SP 800-63B, 3.1.1.2):
 * compared with zxcvbn-ts's list of common and breached passwords, with its
 * variations (l33t, reversed, digits added, keyboard walks, repeats,
 * sequences). Server-only: the dictionary is over a megabyte, so the shared
 * zod schema (which the browser loads) keeps only the cheap rules.
 */

/** Shown beside the password field. */
export const GUESSABLE_PASSWORD = "That password is too common or easy to guess: try a longer phrase";

/**
 * zxcvbn's scale runs 0–4; 3 means about 10^8 guesses or more, enough against
 * an online attack and a slow hash offline. Every weaker password is refused.
 */
const MIN_SCORE = 3;

type Scorer = (password: string, context: string[]) => number;
let scorer: Promise<Scorer> | undefined;

/** The dictionaries cost memory and start-up time: loaded on the first check, not at import. */
async function loadScorer(): Promise<Scorer> {
  const [{ ZxcvbnFactory }, common] = await Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
  ]);
  const zxcvbn = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  return (password, context) => zxcvbn.check(password, context).score;
}

/**
 * True when `password` is common or easily guessed. `context` holds words an
 * attacker would try first for this account (its email and name); sign-up,
 * password change and reset, and the admin-creating command all call this.
 */
export async function isGuessablePassword(password: string, context: readonly string[] = []): Promise<boolean> {
  scorer ??= loadScorer();
  const score = await scorer;
  // zxcvbn runs on the event loop, and its cost grows fast with length (~190 ms for 200 characters here):
  // anyone can send a reset or sign-up with a long password. The first SCORED_LENGTH characters decide;
  // a password whose first 64 are weak is refused, which costs a person nothing.
  return score(password.slice(0, SCORED_LENGTH), ["trellis", ...context.flatMap(contextWords)]) < MIN_SCORE;
}

const SCORED_LENGTH = 64;

/** Its parts and its letters run together too: "Ada Lovelace" gives "ada", "lovelace" and "adalovelace". */
function contextWords(value: string): string[] {
  const lower = value.toLowerCase();
  const local = lower.split("@")[0] ?? lower;
  const words = [lower, ...lower.split(/[^\p{L}\p{N}]+/u), local.replace(/[^\p{L}\p{N}]+/gu, "")];
  return words.filter((word) => word.length >= 3);
}
