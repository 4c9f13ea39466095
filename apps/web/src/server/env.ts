import { z } from "zod";

/*
 * The app's settings, validated once when the server starts (startup.ts) —
 * never at build time, so `pnpm build` needs no secrets. Each problem reads as
 * "<VARIABLE> <what is wrong>" and never repeats a value that could be secret:
 * a URL is shown by its scheme only.
 */

/** process.env, or a test's stand-in for it. */
type Environment = Record<string, string | undefined>;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** `got "mysql:…"`: enough to spot the mistake, nothing of a password or host. */
function shown(value: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  return scheme ? `got "${scheme}:…"` : "got no URL scheme";
}

function isUrl(value: string, protocols: string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.host !== "";
  } catch {
    return false;
  }
}

/** An optional setting (empty counts as unset, as the code reading it treats it) with one rule and its wording. */
function setting(valid: (value: string) => boolean, problem: (value: string) => string) {
  return z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .superRefine((value, ctx) => {
        if (!valid(value)) ctx.addIssue({ code: "custom", message: problem(value) });
      })
      .optional(),
  );
}

const wholeNumber = (min: number, max: number) => (value: string) =>
  /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max;

export const envSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    // A SQLite file (a path, `file:…` or `:memory:`) or Postgres; any other scheme is a mistake, not a file name.
    DATABASE_URL: setting(
      (value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || isUrl(value, ["postgres:", "postgresql:"]),
      (value) => `must be a file path or a postgres:// URL (${shown(value)})`,
    ),
    AUTH_SECRET: z.string().optional(),
    APP_URL: setting(
      (value) => isUrl(value, ["http:", "https:"]),
      (value) => `must be an http:// or https:// URL, e.g. https://trellis.example (${shown(value)})`,
    ),
    SMTP_URL: setting(
      (value) => isUrl(value, ["smtp:", "smtps:"]),
      (value) => `must be an smtp:// or smtps:// URL (${shown(value)})`,
    ),
    REDIS_URL: setting(
      (value) => isUrl(value, ["redis:", "rediss:"]),
      (value) => `must be a redis:// or rediss:// URL (${shown(value)})`,
    ),
    PORT: setting(wholeNumber(1, 65_535), (value) => `must be a port number from 1 to 65535 (got "${value}")`),
    LOG_LEVEL: setting(
      (value) => LOG_LEVELS.some((level) => level === value),
      (value) => `must be one of ${LOG_LEVELS.join(", ")} (got "${value}")`,
    ),
    SHUTDOWN_TIMEOUT_MS: setting(
      wholeNumber(0, 600_000),
      (value) => `must be a number of milliseconds up to 600000 (got "${value}")`,
    ),
    // Whether this process runs background jobs: off when dedicated `pnpm worker` processes do.
    WORKER: setting(
      (value) => value === "on" || value === "off",
      (value) => `must be "on" or "off" (got "${value}")`,
    ),
    // BullMQ's queue name (with REDIS_URL): it cannot contain ":".
    JOBS_QUEUE: setting(
      (value) => /^[\w.-]{1,100}$/.test(value),
      () => "must be letters, digits, '.', '_' or '-' (at most 100)",
    ),
    // Anonymous reads per address a minute (default RATE_LIMITS.anonymousReadsPerIp): for readers behind one NAT.
    ANONYMOUS_READS_PER_MINUTE: setting(
      wholeNumber(1, 1_000_000_000),
      (value) => `must be a whole number from 1 to 1000000000 (got "${value}")`,
    ),
    // Demo data (accounts with public passwords) in production: for e2e runs and benches only (ADR 028).
    SEED_DEMO_DATA: setting(
      (value) => value === "true" || value === "false",
      (value) => `must be "true" or "false" (got "${value}")`,
    ),
    // Whether a start applies pending migrations (default) or only checks that a release step did (ADR 031).
    MIGRATE_ON_START: setting(
      (value) => value === "true" || value === "false",
      (value) => `must be "true" or "false" (got "${value}")`,
    ),
    AUTH_GITHUB_ID: z.string().optional(),
    AUTH_GITHUB_SECRET: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    // A missing or guessable key would let anyone mint sessions; development generates one (settings.ts).
    if (env.NODE_ENV === "production" && (env.AUTH_SECRET ?? "").length < 32) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: env.AUTH_SECRET
          ? "is too short: production needs at least 32 characters (`openssl rand -base64 32`)"
          : "is not set: it is required in production (`openssl rand -base64 32`)",
      });
    }
    // One without the other would leave "Sign in with GitHub" silently off.
    if (Boolean(env.AUTH_GITHUB_ID) !== Boolean(env.AUTH_GITHUB_SECRET)) {
      const missing = env.AUTH_GITHUB_ID ? "AUTH_GITHUB_SECRET" : "AUTH_GITHUB_ID";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: "is not set: AUTH_GITHUB_ID and AUTH_GITHUB_SECRET turn GitHub sign-in on together",
      });
    }
  });

/** What is wrong with the environment, one "<VARIABLE> <problem>" per entry; empty when nothing is. */
export function envProblems(env: Environment): string[] {
  const result = envSchema.safeParse(env);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
}

/** The settings the production server itself reads, after startup validated them. */
export function serverSettings(env: Environment = process.env) {
  return {
    /** How long in-flight requests may take to finish after SIGTERM before their connections are cut. */
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS ? Number(env.SHUTDOWN_TIMEOUT_MS) : 10_000,
  };
}
