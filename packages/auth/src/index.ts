/** What the API and scripts use; the Auth.js wiring for Next is `@trellis/auth/next`. */
export { checkCredentials, checkSignIn, type SignInCheck, signInSettled, signInWrongSecondFactor } from "./credentials";
export { type MailboxEntry, parseEml, readMailbox } from "./mailbox";
export { createMailer, createMemoryMailer, createUnsentMailer, type Email, type Mailer } from "./mailer";
export {
  CHALLENGE_TTL_MS,
  defaultPasskeyName,
  isPasskeyRefusal,
  type PasskeyRefusal,
  type RelyingParty,
  registerPasskey,
  registrationOptions,
  relyingParty,
  signInOptions,
  verifyPasskeySignIn,
} from "./passkeys";
export { hashPassword, verifyNobody, verifyPassword } from "./password";
export { GUESSABLE_PASSWORD, isGuessablePassword } from "./password-strength";
export { resolveAuthSecret } from "./secret";
export {
  type Authentication,
  authenticateRequest,
  type Credential,
  revokeSession,
  SESSION_MAX_AGE_SECONDS,
  type Viewer,
} from "./session";
export {
  type GuardedCheck,
  type GuardOptions,
  refusedSignInCode,
  retryAfterOfRefusedSignIn,
  SECOND_FACTOR_REQUIRED_CODE,
  type SignInGuard,
} from "./sign-in-guard";
export { API_TOKEN_PREFIX, hashToken, newApiToken, newToken, RESET_TOKEN_TTL_MS } from "./tokens";
export {
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normalizeCode,
  RECOVERY_CODE_COUNT,
  type SecondFactor,
  spendSecondFactor,
  totpSetup,
  totpStep,
} from "./two-factor";
