import { z } from "zod";

/*
 * The app's settings: the one reader of process.env for them (docs/decisions/033).
 * The environment is parsed once, at the first call of `settings()`, into a
 * typed, frozen object with every default applied; `settingsProblems()` says
 * what is wrong with it, one "<VARIABLE> <what is wrong>" per entry, for the
 * one-line start-up refusal (apps/web/src/server/startup.ts). A problem never
 * repeats a value that could be secret: a URL is shown by its scheme only.
 * An empty variable counts as unset, everywhere.
 *
 * Server-only, and its own entry point (`@trellis/validators/settings`), so no
 * browser bundle ever reaches it. Every key here is listed, with its default,
 * in the repository's .env.example (a test keeps the two in step).
 */

/** process.env, or a test's stand-in for it. */
export type Environment = Record<string, string | undefined>;

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const isLogLevel = (value: string): value is LogLevel => LOG_LEVELS.some((level) => level === value);

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

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** A URL on this machine, in one of `protocols` (plain http by default: what a test's stand-in listens on). */
function isLoopbackUrl(value: string, protocols = ["http:"]): boolean {
  return isUrl(value, protocols) && LOOPBACK_HOSTS.has(new URL(value).hostname);
}

/** An origin alone (scheme, host, port) on this machine, http or https: nothing a deployment's providers live at. */
function isLoopbackOrigin(value: string): boolean {
  return isLoopbackUrl(value, ["http:", "https:"]) && new URL(value).origin === value;
}

/** An OpenID issuer: https, or a loopback http one (a test's provider); its tokens are trusted for sign-in. */
function isIssuerUrl(value: string): boolean {
  return isUrl(value, ["https:"]) || isLoopbackUrl(value);
}

const NODE_ENVS = ["development", "test", "production"] as const;

const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);

/** An optional setting (empty counts as unset) with one rule and its wording. */
function setting(valid: (value: string) => boolean, problem: (value: string) => string) {
  return z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .superRefine((value, ctx) => {
        if (!valid(value)) ctx.addIssue({ code: "custom", message: problem(value) });
      })
      .optional(),
  );
}

/** Any text; empty counts as unset. */
const text = () => z.preprocess(unsetIfEmpty, z.string().optional());

const wholeNumber = (min: number, max: number) => (value: string) =>
  /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max;

const trueOrFalse = setting(
  (value) => value === "true" || value === "false",
  (value) => `must be "true" or "false" (got "${value}")`,
);

/** A Redis key prefix: no spaces, short enough to read in `redis-cli`. */
const redisKey = setting(
  (value) => /^\S{1,200}$/.test(value),
  () => "must be 1 to 200 characters without spaces",
);

/** The variables, as the environment spells them, each with its rule. */
const variables = z.object({
  // "development" under `next dev`, "test" under vitest, "production" for builds, `pnpm start` and any deployment.
  // Nothing else: the checks ask for "production" by name (cookies, HSTS, the session key), so a "staging"
  // would pass as not-production, with every one of them off.
  NODE_ENV: setting(
    (value) => NODE_ENVS.some((name) => name === value),
    (value) => `must be ${NODE_ENVS.join(", ")} or unset (got "${value}")`,
  ),
  // A SQLite file (a path, `file:…` or `:memory:`) or Postgres; any other scheme is a mistake, not a file name.
  DATABASE_URL: setting(
    (value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || isUrl(value, ["postgres:", "postgresql:"]),
    (value) => `must be a file path or a postgres:// URL (${shown(value)})`,
  ),
  // Whether the app migrates the database when it starts; "false" when a release step runs `migrate` instead.
  MIGRATE_ON_START: trueOrFalse,
  AUTH_SECRET: text(),
  APP_URL: setting(
    (value) => isUrl(value, ["http:", "https:"]),
    (value) => `must be an http:// or https:// URL, e.g. https://trellis.example (${shown(value)})`,
  ),
  SMTP_URL: setting(
    (value) => isUrl(value, ["smtp:", "smtps:"]),
    (value) => `must be an smtp:// or smtps:// URL (${shown(value)})`,
  ),
  // Where emails go as .eml files when SMTP_URL is not set.
  MAILBOX_DIR: text(),
  REDIS_URL: setting(
    (value) => isUrl(value, ["redis:", "rediss:"]),
    (value) => `must be a redis:// or rediss:// URL (${shown(value)})`,
  ),
  // Redis key prefixes: apps (or test workers) sharing one Redis keep their events and counts apart.
  EVENTS_STREAM: redisKey,
  RATE_LIMIT_PREFIX: redisKey,
  // BullMQ's queue name (with REDIS_URL): it cannot contain ":".
  JOBS_QUEUE: setting(
    (value) => /^[\w.-]{1,100}$/.test(value),
    () => "must be letters, digits, '.', '_' or '-' (at most 100)",
  ),
  PORT: setting(wholeNumber(1, 65_535), (value) => `must be a port number from 1 to 65535 (got "${value}")`),
  LOG_LEVEL: setting(isLogLevel, (value) => `must be one of ${LOG_LEVELS.join(", ")} (got "${value}")`),
  SHUTDOWN_TIMEOUT_MS: setting(
    wholeNumber(0, 600_000),
    (value) => `must be a number of milliseconds up to 600000 (got "${value}")`,
  ),
  // Next's own switch (read by Next too): under `next start`, leave SIGTERM to the app's drain (ADR 032).
  NEXT_MANUAL_SIG_HANDLE: text(),
  // Turns /api/metrics on, for a scraper presenting `Authorization: Bearer <token>` (docs/observability.md).
  METRICS_TOKEN: setting(
    (value) => /^\S{16,}$/.test(value),
    () => "must be at least 16 characters without spaces (e.g. `openssl rand -hex 32`)",
  ),
  // `pnpm worker` only, with METRICS_TOKEN: the port its own /api/metrics listens on (it serves no other HTTP).
  METRICS_PORT: setting(wholeNumber(1, 65_535), (value) => `must be a port number from 1 to 65535 (got "${value}")`),
  // Whether this process runs background jobs: off when dedicated `pnpm worker` processes do.
  WORKER: setting(
    (value) => value === "on" || value === "off",
    (value) => `must be "on" or "off" (got "${value}")`,
  ),
  // "off": every page is rendered for every reader, signed out or not (ADR 037). Default: on (never under `next dev`).
  PAGE_CACHE: setting(
    (value) => value === "on" || value === "off",
    (value) => `must be "on" or "off" (got "${value}")`,
  ),
  // Anonymous reads per address a minute (default RATE_LIMITS.anonymousReadsPerIp): for readers behind one NAT.
  ANONYMOUS_READS_PER_MINUTE: setting(
    wholeNumber(1, 1_000_000_000),
    (value) => `must be a whole number from 1 to 1000000000 (got "${value}")`,
  ),
  // Sign-ups per address an hour (default RATE_LIMITS.signUpsPerIp): for a classroom or an office behind one address.
  SIGN_UPS_PER_HOUR: setting(
    wholeNumber(1, 1_000_000_000),
    (value) => `must be a whole number from 1 to 1000000000 (got "${value}")`,
  ),
  // How many proxies in front of the app append to X-Forwarded-For; unset: none, the header is ignored, as anyone can send it.
  TRUSTED_PROXY_HOPS: setting(
    wholeNumber(0, 10),
    (value) => `must be a whole number of proxies from 0 to 10 (got "${value}")`,
  ),
  // Demo data (accounts with public passwords) in production: for e2e runs and benches only (ADR 028).
  SEED_DEMO_DATA: trueOrFalse,
  AUTH_GITHUB_ID: text(),
  AUTH_GITHUB_SECRET: text(),
  AUTH_GOOGLE_ID: text(),
  AUTH_GOOGLE_SECRET: text(),
  // A company's OpenID Connect provider (docs/auth.md): its issuer, discovered at
  // {issuer}/.well-known/openid-configuration. https, or http on a loopback address (tests).
  AUTH_OIDC_ISSUER: setting(
    isIssuerUrl,
    (value) => `must be an https:// URL (http:// only on loopback) (${shown(value)})`,
  ),
  AUTH_OIDC_ID: text(),
  AUTH_OIDC_SECRET: text(),
  // Tests only (docs/auth.md, ADR 055): a stand-in provider on this machine that GitHub's and Google's
  // sign-in talk to instead of github.com, api.github.com and accounts.google.com. Loopback only, and in
  // production only beside a loopback APP_URL (a server no one else can reach); a start with it warns.
  AUTH_PROVIDER_TEST_ORIGIN: setting(
    isLoopbackOrigin,
    (value) => `must be an http(s) origin on loopback, e.g. http://127.0.0.1:9000, with no path (${shown(value)})`,
  ),
  // The sign-in button's label ("Sign in with <name>"). Default: Single sign-on.
  AUTH_OIDC_NAME: text(),
  // Traces (ADR 049): off unless set; then spans go to this OTLP/HTTP collector, e.g. http://localhost:4318.
  OTEL_EXPORTER_OTLP_ENDPOINT: setting(
    (value) => isUrl(value, ["http:", "https:"]),
    (value) => `must be an http:// or https:// URL, e.g. http://localhost:4318 (${shown(value)})`,
  ),
  // The traces' service.name. Default: trellis.
  OTEL_SERVICE_NAME: text(),
});

/** Every variable the app reads, as the environment spells it (the keys of .env.example). */
export const SETTING_NAMES: readonly string[] = Object.keys(variables.shape);

/**
 * Variables other starters use that this app must never see set: next-auth reads AUTH_URL (and
 * NEXTAUTH_URL) on its own, and then builds sign-in URLs from a request field our auth handlers do
 * not pass (packages/auth/src/requested-origin.ts). The public origin is APP_URL's.
 */
const refused = z.object({
  AUTH_URL: setting(
    () => false,
    () => "must not be set: the app's public origin is APP_URL (docs/auth.md)",
  ),
  NEXTAUTH_URL: setting(
    () => false,
    () => "must not be set: the app's public origin is APP_URL (docs/auth.md)",
  ),
});

const checked = variables.extend(refused.shape).superRefine((env, ctx) => {
  // The stand-in providers are for a server that answers no one but the machine it runs on, as the e2e
  // servers (APP_URL http://127.0.0.1:<port>) and a local `next dev` do. A server people reach has a public
  // APP_URL (required in production), in any NODE_ENV: a staging box or an exposed dev server must not trust
  // whatever process holds that loopback port to vouch for any GitHub or Google account.
  const appUrlOnLoopback = env.APP_URL
    ? isLoopbackUrl(env.APP_URL, ["http:", "https:"])
    : env.NODE_ENV !== "production";
  if (env.AUTH_PROVIDER_TEST_ORIGIN && !appUrlOnLoopback) {
    ctx.addIssue({
      code: "custom",
      path: ["AUTH_PROVIDER_TEST_ORIGIN"],
      message:
        "must not be set unless APP_URL is a loopback address too (in production, set to one): it replaces GitHub and Google with a test's stand-in (docs/auth.md)",
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
  if (Boolean(env.AUTH_GOOGLE_ID) !== Boolean(env.AUTH_GOOGLE_SECRET)) {
    const missing = env.AUTH_GOOGLE_ID ? "AUTH_GOOGLE_SECRET" : "AUTH_GOOGLE_ID";
    ctx.addIssue({
      code: "custom",
      path: [missing],
      message: "is not set: AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET turn Google sign-in on together",
    });
  }
  // The three together, or none: a partial OpenID Connect setup would leave its button silently off.
  const oidc = ["AUTH_OIDC_ISSUER", "AUTH_OIDC_ID", "AUTH_OIDC_SECRET"] as const;
  const oidcSet = oidc.filter((name) => env[name]);
  if (oidcSet.length > 0 && oidcSet.length < oidc.length) {
    for (const name of oidc.filter((name) => !env[name])) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message:
          "is not set: AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET turn OpenID Connect sign-in on together",
      });
    }
  }
});

const DEFAULT_PORT = 3000;

const defaultLogLevel = (nodeEnv: string | undefined): LogLevel => (nodeEnv === "test" ? "silent" : "info");

/** The settings, typed, with the defaults applied. */
const settingsSchema = checked.transform((env) => {
  const port = env.PORT ? Number(env.PORT) : DEFAULT_PORT;
  return {
    /** NODE_ENV as given; unset stays unset (development is asked for by name, never assumed — ADR 028). */
    nodeEnv: env.NODE_ENV,
    /** The database; undefined means the SQLite file in data/ (@trellis/db's defaultDatabaseUrl, which knows where that is). */
    databaseUrl: env.DATABASE_URL,
    /** Migrate at start (default), or leave it to `migrate` as a release step. */
    migrateOnStart: env.MIGRATE_ON_START !== "false",
    /** Signs session cookies; required in production, generated into data/ in development. */
    authSecret: env.AUTH_SECRET,
    /** The configured public origin, if any (the origin check compares with it; links in emails use it). */
    appUrl: env.APP_URL,
    smtpUrl: env.SMTP_URL,
    /** Undefined means data/mailbox, resolved by the app, which knows where data/ is. */
    mailboxDir: env.MAILBOX_DIR,
    redisUrl: env.REDIS_URL,
    eventsStream: env.EVENTS_STREAM ?? "trellis:events",
    rateLimitPrefix: env.RATE_LIMIT_PREFIX ?? "trellis:rate-limit",
    /** Undefined means the queue's own default name. */
    jobsQueue: env.JOBS_QUEUE,
    port,
    // Vitest sets NODE_ENV=test: router tests call thousands of procedures, and tests that look at logs make their own.
    logLevel: env.LOG_LEVEL && isLogLevel(env.LOG_LEVEL) ? env.LOG_LEVEL : defaultLogLevel(env.NODE_ENV),
    /**
     * argon2's cost for new password hashes: OWASP's minimum ("full") everywhere but under vitest
     * (NODE_ENV=test), where thousands of sign-ups and password changes would spend minutes hashing.
     * No variable sets it: production, development and an unset NODE_ENV always hash at full cost.
     */
    passwordHashCost: env.NODE_ENV === "test" ? ("test" as const) : ("full" as const),
    /** How long in-flight requests may take to finish after SIGTERM before their connections are cut. */
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS ? Number(env.SHUTDOWN_TIMEOUT_MS) : 10_000,
    /** Next leaves SIGTERM to the app (set by `start:next`); without it, `next start` may exit mid-drain. */
    nextHandsOverSignals: Boolean(env.NEXT_MANUAL_SIG_HANDLE),
    /** The bearer token /api/metrics asks for; undefined: metrics are off (nothing is collected, the path is 404). */
    metricsToken: env.METRICS_TOKEN,
    /** `pnpm worker`'s metrics port (with METRICS_TOKEN); undefined: the worker serves no metrics. */
    metricsPort: env.METRICS_PORT ? Number(env.METRICS_PORT) : undefined,
    /** Whether this process runs the background jobs (WORKER=off: dedicated `pnpm worker` processes do). */
    runsWorker: env.WORKER !== "off",
    /** Whether signed-out readers of public pages are answered from the page cache (never under `next dev`). */
    pageCache: env.PAGE_CACHE !== "off",
    /** Undefined means RATE_LIMITS's own number. */
    anonymousReadsPerMinute: env.ANONYMOUS_READS_PER_MINUTE ? Number(env.ANONYMOUS_READS_PER_MINUTE) : undefined,
    /** Undefined means RATE_LIMITS's own number. */
    signUpsPerHour: env.SIGN_UPS_PER_HOUR ? Number(env.SIGN_UPS_PER_HOUR) : undefined,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS ? Number(env.TRUSTED_PROXY_HOPS) : 0,
    seedDemoData: env.SEED_DEMO_DATA === "true",
    /** Where traces go (OTLP/HTTP); undefined means tracing is off and its SDK never loads (ADR 049). */
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: env.OTEL_SERVICE_NAME ?? "trellis",
    /** GitHub sign-in, when both halves are set (the check refuses one without the other). */
    github:
      env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET
        ? { clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }
        : undefined,
    /** Google sign-in, when both halves are set. */
    google:
      env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET
        ? { clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }
        : undefined,
    /** A generic OpenID Connect provider, when issuer, id and secret are all set. */
    oidc:
      env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET
        ? {
            issuer: env.AUTH_OIDC_ISSUER,
            clientId: env.AUTH_OIDC_ID,
            clientSecret: env.AUTH_OIDC_SECRET,
            name: env.AUTH_OIDC_NAME ?? "Single sign-on",
          }
        : undefined,
    /**
     * Tests only: the origin that stands in for GitHub's and Google's (ADR 055); undefined everywhere else.
     * The check above keeps it on loopback, and out of any production server with a public APP_URL.
     */
    providerTestOrigin: env.AUTH_PROVIDER_TEST_ORIGIN,
  };
});

export type Settings = Readonly<z.output<typeof settingsSchema>>;

/** What is wrong with an environment, one "<VARIABLE> <problem>" per entry; empty when nothing is. */
export function settingsProblems(env: Environment = process.env): string[] {
  const result = checked.safeParse(env);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
}

/**
 * What a process that serves the app (or runs its jobs) needs besides valid
 * settings: in production, a session key of at least 32 characters — a
 * missing or guessable one would let anyone mint sessions; development
 * generates one (apps/web settings.ts). The commands that only touch the
 * database (`migrate`, `admin:create`, `db:seed`) sign nothing and do not ask.
 */
export function sessionKeyProblems(env: Environment = process.env): string[] {
  const nodeEnv = unsetIfEmpty(env.NODE_ENV);
  const secret = env.AUTH_SECRET ?? "";
  if (nodeEnv !== "production" || secret.length >= 32) return [];
  return [
    secret
      ? "AUTH_SECRET is too short: production needs at least 32 characters (`openssl rand -base64 32`)"
      : "AUTH_SECRET is not set: it is required in production (`openssl rand -base64 32`)",
  ];
}

/** Thrown by parseSettings for an environment with problems; its message is them, joined. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
    this.name = "SettingsError";
  }
}

/** The settings an environment gives (tests pass their own); throws SettingsError naming every problem. */
export function parseSettings(env: Environment): Settings {
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    throw new SettingsError(result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  const { github, google, oidc } = result.data;
  return Object.freeze({
    ...result.data,
    github: github && Object.freeze(github),
    google: google && Object.freeze(google),
    oidc: oidc && Object.freeze(oidc),
  });
}

let current: Settings | undefined;

/** This process's settings, parsed from process.env on first use and kept. */
export function settings(): Settings {
  current ??= parseSettings(process.env);
  return current;
}

/**
 * For a command-line program's first line: its settings, or — for an
 * environment with problems — one line saying so on stderr and exit code 1,
 * never a stack trace.
 */
export function settingsOrExit(program: string): Settings {
  const problems = settingsProblems(process.env);
  if (problems.length > 0) {
    console.error(`${program} cannot start: ${problems.join("; ")}`);
    process.exit(1);
  }
  return settings();
}
