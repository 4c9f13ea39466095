/** What both dialects' schemas share that is not a column: enums and their types. */
export const roles = ["user", "admin"] as const;
export type Role = (typeof roles)[number];

/** Where an account's credentials come from: a password here, or an OAuth provider. */
export const providers = ["credentials", "github", "google", "oidc"] as const;
export type Provider = (typeof providers)[number];
/** The providers a person signs in through elsewhere (docs/auth.md): every one but the password. */
export type OAuthProvider = Exclude<Provider, "credentials">;

/** What an API token may do: read only (queries), or read and write (mutations too). */
export const tokenScopes = ["read", "read-write"] as const;
export type TokenScope = (typeof tokenScopes)[number];

/**
 * Where a background job is (packages/jobs): waiting to run (now or, after a
 * failed attempt, later), active in a worker, done, or failed for good.
 */
export const jobStates = ["waiting", "active", "done", "failed"] as const;
export type JobState = (typeof jobStates)[number];

/** A CSV export of posts: being built by its job, ready to download, or failed. */
export const exportStatuses = ["pending", "ready", "failed"] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/** A passkey kept on one device, or synced between a person's devices (WebAuthn's credentialDeviceType). */
export const passkeyDeviceTypes = ["singleDevice", "multiDevice"] as const;
export type PasskeyDeviceType = (typeof passkeyDeviceTypes)[number];

/** What a stored WebAuthn challenge is for: adding a passkey, or signing in with one. */
export const webauthnPurposes = ["registration", "authentication"] as const;
export type WebauthnPurpose = (typeof webauthnPurposes)[number];
