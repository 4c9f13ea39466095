/**
 * The `code` Auth.js puts in its answer when the password was right but the
 * account has two-factor on and no code came with it: the sign-in page then
 * asks for the code and sends it with the email and password again (ADR 046).
 * A module of its own: the browser's sign-in client (./client.ts) is in every
 * page's first load and must not bring the guard's code along.
 */
export const SECOND_FACTOR_REQUIRED_CODE = "second-factor-required";
