export {
  createDatabase,
  MIGRATE_FIRST,
  migrateDatabase,
  type OpenOptions,
  openDatabase,
} from "./create-database";
export type {
  ApiToken,
  CommentView,
  DataLayer,
  JobStore,
  LikeState,
  NewJob,
  OAuthIdentity,
  Passkey,
  PasskeyCredential,
  PostEdit,
  PostExport,
  PostView,
  SessionUser,
  StoredJob,
  User,
  WeeklyDigest,
} from "./data/types";
export type { Database, DatabaseOptions, SeedRows } from "./database";
export { type Dialect, dialectOf } from "./dialect";
export { appRoot, defaultDatabaseUrl, workspaceRoot } from "./paths";
export { SCHEMA_LOCK_KEY } from "./pg/advisory-lock";
export { REDACTED, redactQueryValues } from "./query-errors";
export {
  type ExportStatus,
  type JobState,
  type OAuthProvider,
  type PasskeyDeviceType,
  type Provider,
  type Role,
  roles,
  type TokenScope,
} from "./schema";
export {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  buildSeed,
  DEMO_USER_EMAIL,
  DEMO_USER_PASSWORD,
  SEED_PASSWORD_HASHES,
  seedIfEmpty,
} from "./seed";
export {
  DEMO_DATA_REFUSED,
  type DemoDataPolicy,
  demoDataPolicy,
  demoDataWarning,
  SEED_DEMO_DATA,
  type SeedOutcome,
  seedDemoDataIfAllowed,
} from "./seed-policy";
