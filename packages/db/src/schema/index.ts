/**
 * One schema in two dialects. Code that is not dialect-specific imports the
 * shared enums from here; the data layer of each dialect imports its own file.
 */
export * as pgSchema from "./pg";
export {
  type ExportStatus,
  exportStatuses,
  type JobState,
  jobStates,
  type OAuthProvider,
  type PasskeyDeviceType,
  type Provider,
  passkeyDeviceTypes,
  providers,
  type Role,
  roles,
  type TokenScope,
  tokenScopes,
} from "./shared";
export * as sqliteSchema from "./sqlite";
