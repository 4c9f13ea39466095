import { z } from "zod";
import { idSchema } from "./id";
import { cursorInput } from "./pagination";
import { fieldError, isStorableText, UNSTORABLE_TEXT } from "./text";

export const PASSWORD_MIN = 10;
// argon2 hashes any length, but a megabyte "password" is a cheap way to burn our CPU.
export const PASSWORD_MAX = 200;
export const NAME_MAX = 60;

/** Emails are compared lower-cased and trimmed, everywhere. */
export const email = z
  .string({ error: "Enter a valid email address" })
  .trim()
  .toLowerCase()
  .max(254, "Email is too long")
  .pipe(z.email({ error: "Enter a valid email address" }));

/**
 * The rules cheap enough for the browser. The server also refuses common and
 * easily guessed passwords against a dictionary too big to ship to the
 * browser (`isGuessablePassword` in @trellis/auth).
 */
export const newPassword = z
  .string({ error: fieldError("Choose a password", "A password must be text") })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`)
  .refine((password) => password.trim().length > 0, "A password cannot be only spaces");

/** A password being checked, not chosen: any length up to the cap, so old rules still sign in. */
export const currentPassword = z
  .string({ error: fieldError("Enter your password", "A password must be text") })
  .min(1, "Enter your password")
  .max(PASSWORD_MAX, "That is not your password");

export const displayName = z
  .string({ error: fieldError("Name is required", "Name must be text") })
  .trim()
  .min(1, "Name is required")
  .max(NAME_MAX, `Name must be at most ${NAME_MAX} characters`)
  .refine(isStorableText, UNSTORABLE_TEXT);

export const signUpInput = z.object({ name: displayName, email, password: newPassword });
/**
 * A two-factor code as typed: six digits from the app, or a recovery code
 * (spaces and dashes are dropped when it is checked). Bounded, not shaped: a
 * wrong one costs the same as any other wrong code.
 */
export const twoFactorCode = z.string().trim().min(6, "Enter the code").max(40);
export const signInInput = z.object({ email, password: currentPassword, code: twoFactorCode.optional() });
export const twoFactorCodeInput = z.object({ code: twoFactorCode });
export const updateProfileInput = z.object({ name: displayName });
export const changePasswordInput = z.object({ currentPassword, newPassword });
export const requestPasswordResetInput = z.object({ email });
/**
 * Any string up to a bound, not only a token's shape: a made-up or mangled link
 * costs the same lookup as a real one, so the time of the answer says nothing.
 */
export const checkPasswordResetInput = z.object({ token: z.string().max(200) });
export const resetPasswordInput = z.object({
  token: z
    .string({ error: "This reset link is not valid" })
    .regex(/^[A-Za-z0-9_-]{43}$/, "This reset link is not valid"),
  password: newPassword,
});

export const roleSchema = z.enum(["user", "admin"], { error: "Choose user or admin" });
export const listUsersInput = cursorInput({ defaultLimit: 20, maxLimit: 100 }).extend({
  search: z.string().trim().max(100).refine(isStorableText, UNSTORABLE_TEXT).optional(),
});
export const setRoleInput = z.object({ userId: idSchema, role: roleSchema });
export const resetTwoFactorInput = z.object({ userId: idSchema });

export type SignUpInput = z.input<typeof signUpInput>;

export const tokenScopeSchema = z.enum(["read", "read-write"], { error: "Choose read or read-write" });
export const TOKEN_EXPIRY_DAYS = [7, 30, 90, 365] as const;
export const createApiTokenInput = z.object({
  name: z
    .string({ error: fieldError("Name the token", "Name must be text") })
    .trim()
    .min(1, "Name the token")
    .max(NAME_MAX, `Name must be at most ${NAME_MAX} characters`)
    .refine(isStorableText, UNSTORABLE_TEXT),
  scope: tokenScopeSchema,
  /** Days until it stops working; null for never. */
  expiresInDays: z
    .number({ error: fieldError("Say when it expires, in days, or null for never", "Days must be a number") })
    .int("Days must be a whole number")
    .min(1, "Days must be 1 to 365")
    .max(365, "Days must be 1 to 365")
    .nullable(),
});
export const revokeApiTokenInput = z.object({ id: idSchema });
