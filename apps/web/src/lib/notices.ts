/**
 * Messages one page leaves for the next, by a fixed flag in the URL
 * (`/sign-in?notice=password-changed`): the URL names which message, never
 * carries its words, so a crafted link cannot put text on our page.
 */
export const NOTICES = {
  "password-changed": "Your password was changed. Sign in with the new one.",
} as const;

export type NoticeFlag = keyof typeof NOTICES;

/** The message a `notice` query value names, or null for none or one we never set. */
export function noticeFor(flag: string | string[] | undefined): string | null {
  return typeof flag === "string" && isNoticeFlag(flag) ? NOTICES[flag] : null;
}

// Own keys only: "toString" or "__proto__" name no notice.
const isNoticeFlag = (flag: string): flag is NoticeFlag => Object.hasOwn(NOTICES, flag);

/** Where a page sends someone to read `flag`'s message. */
export const withNotice = (path: string, flag: NoticeFlag) => `${path}?notice=${flag}`;
