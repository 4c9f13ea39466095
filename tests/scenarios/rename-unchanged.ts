/**
 * What `pnpm rename` leaves called "trellis" on purpose (docs/make-it-yours.md,
 * "What stays"), one narrow pattern each. The rename scenario searches the
 * renamed copy for "trellis" in any case; a line passes only if every
 * occurrence is inside one of these. Anything else is a name the rename missed.
 */
export const UNCHANGED: { pattern: RegExp; why: string }[] = [
  // Names in code: API and identifiers, never rewritten (ADR 054).
  { pattern: /\b(?:const|let) trellis(?= = createTrellisClient\b)/g, why: "a client variable in examples" },
  {
    pattern: /\b(?:create|is)?Trellis[A-Z]\w*/g,
    why: "exported types and functions: createTrellisClient, TrellisError",
  },
  { pattern: /\b_*trellis[A-Z]\w*/g, why: "globalThis slots and local names: globalForDb.trellisDatabase" },
  { pattern: /\btrellis(?=\((?:configDir|dir)\b)/g, why: "the CLI test's runner function" },
  {
    pattern: /\btrellis(?=\.(?:post|comment|like|account|admin)\.\w+\.(?:query|mutate|subscribe)\b)/g,
    why: "a client variable",
  },
  { pattern: /\bTRELLIS_[A-Z0-9_]*/g, why: "settings and test switches: TRELLIS_URL, TRELLIS_TEST_DIALECT" },
  // What dashboards, alerts and collectors key on.
  { pattern: /\btrellis_\w*/g, why: "metric names (trellis_http_request_duration_seconds) and test database names" },
  { pattern: /\bTrellis(?=[A-Z]\w*)/g, why: "alert names: TrellisHighP99" },
  {
    pattern: /\btrellis\.(?:request_id|outcome|procedure|job|event|trpc|redis|jobs|events|http|logged)\b/g,
    why: "span and log attribute names, tracer names",
  },
  { pattern: /\btrellis:(?:trpc|live|jobs|events|rate-limit):[a-z]+\b/g, why: "in-process diagnostics channels" },
  { pattern: /\bx-trellis-(?:cache|client-ip)\b/g, why: "response and proxy headers" },
  // The artifact and what deploys it: scripts and deployments use these paths.
  { pattern: /\bdist\/trellis\b/g, why: "the production artifact" },
  { pattern: /\.next\/trellis-server\.mjs\b/g, why: "the artifact's server bundle" },
  { pattern: /\b(?:data\/)?trellis\.db\b/g, why: "the SQLite file's default name" },
  { pattern: /\/(?:srv|var\/lib)\/trellis\b/g, why: "deployment paths in docs/deploy.md" },
  { pattern: /\/etc\/(?:systemd\/system\/)?trellis\.(?:env|service)\b/g, why: "the systemd example" },
  { pattern: /(?:\bUser|\bStateDirectory|--uid)=trellis\b/g, why: "the systemd example" },
  { pattern: /\b(?:systemctl (?:enable --now|restart)|useradd --system|createdb) trellis\b/g, why: "deploy commands" },
  { pattern: /\/var\/backups\/trellis-/g, why: "the backup example" },
  { pattern: /\/etc\/prometheus\/trellis-metrics-token\b/g, why: "the Prometheus example" },
  { pattern: /\bdocker (?:build -t|run .*) trellis\b/g, why: "the image's name in the Docker examples" },
  { pattern: /^\s*trellis$/g, why: "the image's name, the last line of a wrapped docker run in docs/deploy.md" },
  { pattern: /"trellis-\d:3000"/g, why: "the Prometheus example's targets" },
  { pattern: /"uid": "trellis-overview"/g, why: "the Grafana dashboard's id" },
  { pattern: /\btrellis-data:\/data\b/g, why: "the Docker volume" },
  { pattern: /\btrellis-(?:dashboard\.json|alerts\.yml)\b/g, why: "the Grafana dashboard and alert rules files" },
  { pattern: /(?:job_name: |job="|- name: |"tags": \[")trellis\b/g, why: "the Prometheus job and alert group" },
  // Opaque values that are not a name anyone reads.
  {
    pattern: /(?:ASCII bytes of |^[\s*]*)"trellis"(?=\)| read as one number|,)/g,
    why: "the migrations' advisory-lock key",
  },
  { pattern: /\bfor a trellis\./g, why: "the plant support the wordmark draws" },
  { pattern: /\["trellis", |"trellis2026!"/g, why: "a word the password-strength check refuses, and its test" },
  { pattern: /\bjoin\(place, "trellis"\)/g, why: "a copy of dist/trellis in the artifact test" },
  // Made-up values in tests and examples.
  { pattern: /\btrellis\\?\.(?:test|example|invalid)\b/g, why: "example and test domains" },
  { pattern: /[:@/]\d*\/?trellis(?=["\s)`?]|$)/g, why: "a database name in example URLs: postgres://…:5432/trellis" },
  { pattern: /"trellis-[a-z0-9-]+-"/g, why: "temporary folders' prefixes in tests" },
  { pattern: /\btrellis-test-/g, why: "temporary folders' prefixes in tests" },
  {
    pattern: /\btrellis[:-](?=\$\{|<label>)/g,
    why: "the test servers' Redis keys, queues and folders (scripts/launch-server.ts)",
  },
  { pattern: /\bnot-a-trellis-token\b|\bAfter trellis login\b/g, why: "made-up values in tests" },
  { pattern: /\(\?:trellis\|process\|nodejs\)_/g, why: "the metric prefixes the dashboard test knows" },
  { pattern: /\btrellis:test:/g, why: "Redis keys the tests make" },
  { pattern: /"trellis-(?:eu|test|e2e|e2e-secret)"/g, why: "setting values in tests" },
];

/** `line` with every deliberately unchanged occurrence taken out. */
export function withoutUnchanged(line: string): string {
  return UNCHANGED.reduce((rest, { pattern }) => rest.replace(pattern, ""), line);
}
