/** How many times something may happen per key, in a window that starts at the key's first use. */
export interface Limit {
  points: number;
  /** Whole seconds: Redis keeps windows in seconds. */
  durationSeconds: number;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Every rate limit Trellis enforces, and why it is that size
 * (docs/decisions/021-rate-limits.md). The numbers stop guessing and floods,
 * not people: each is well above what a person — or the e2e suite, which runs
 * every flow from 127.0.0.1 — does in the window.
 */
export const RATE_LIMITS = {
  /**
   * Wrong passwords for one account (its lower-cased email), from any address:
   * at sign-in, and as changePassword's current password.
   * Five covers typos and trying one's usual passwords; a guesser gets 480 a
   * day instead of thousands a second, however many addresses they use. The
   * price: anyone can keep an account locked by failing on purpose — for 15
   * minutes at a time, and the password-reset email still gets its owner in
   * (a reset clears the count).
   */
  signInFailuresPerAccount: { points: 5, durationSeconds: 15 * MINUTE },
  /**
   * Wrong passwords from one address, whatever the accounts: stops trying one
   * common password on many accounts. Four times the per-account limit, as a
   * household or an office shares one address.
   */
  signInFailuresPerIp: { points: 20, durationSeconds: 15 * MINUTE },
  /**
   * Wrong two-factor codes at sign-in for one account, after its right
   * password: the 15-minute lockout alone lets someone holding the password
   * walk a million six-digit codes at 480 a day. Ten a day is more than a
   * person mistypes; over it, codes (right ones too) are refused until the
   * window ends, while a passkey still signs its owner in.
   */
  wrongSecondFactorsPerAccount: { points: 10, durationSeconds: DAY },
  /**
   * New accounts from one address. Each answer also says whether an email is
   * taken, so this bounds that probe too; 30 an hour is more than an office
   * signs up, and more than the e2e suite's ~25 fresh users in one run.
   */
  signUpsPerIp: { points: 30, durationSeconds: HOUR },
  /**
   * Password-reset requests and redemptions from one address: each request may
   * send an email, and mail we send to strangers costs our domain's reputation.
   */
  passwordResetsPerIp: { points: 10, durationSeconds: HOUR },
  /**
   * Checks of a reset link, when its page renders: a read that sends nothing,
   * so a larger budget than the redemptions', but one, as each check is a
   * guess at a token. Six times theirs: a person opens the link, reloads it,
   * opens it on a second device.
   */
  passwordResetChecksPerIp: { points: 60, durationSeconds: HOUR },
  /** Reset emails to one address: a person who lost the first asks again, but nobody can mail-bomb an inbox through us. */
  passwordResetEmailsPerAddress: { points: 3, durationSeconds: HOUR },
  /**
   * Passkey sign-in challenges from one address (ADR 047): each is a row until
   * it expires, asked for by anyone signed out. A person asks for one per
   * attempt; sixty in fifteen minutes is a script filling the table.
   */
  passkeyChallengesPerIp: { points: 60, durationSeconds: 15 * MINUTE },
  /** Writes by one signed-in user: two a second, sustained for a minute, is far past clicking; a runaway script stops here. */
  mutationsPerUser: { points: 120, durationSeconds: MINUTE },
  /**
   * Calls with a user's API tokens, all of them together — minting more tokens
   * buys no more: ten a second for a minute, ample for a sync script or the CLI.
   */
  apiTokenRequestsPerUser: { points: 600, durationSeconds: MINUTE },
  /**
   * Reads by anonymous callers from one address, counted per call (a batch of
   * ten is ten). A person reading the feed makes a few a page, the e2e suite
   * (every flow from 127.0.0.1) a few hundred a minute per app; ten a second
   * for a minute is a script, which could otherwise fill the server with work
   * for nobody in particular. The same size as the API-token limit: a script
   * reads no slower signed out than with a token. Shared by a household or an
   * office, it still leaves each of a dozen people ample.
   */
  anonymousReadsPerIp: { points: 600, durationSeconds: MINUTE },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof RATE_LIMITS;
