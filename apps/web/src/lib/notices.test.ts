import { describe, expect, it } from "vitest";

import { noticeFor, withNotice } from "./notices";

describe("noticeFor", () => {
  it("gives the message of a flag we set", () => {
    expect(noticeFor("password-changed")).toBe("Your password was changed. Sign in with the new one.");
  });

  it.each([undefined, "", "Your account was deleted", "toString", "__proto__", ["password-changed"]])(
    "shows nothing for %j",
    (flag) => {
      expect(noticeFor(flag)).toBeNull();
    },
  );
});

describe("withNotice", () => {
  it("puts the flag, not the words, in the URL", () => {
    expect(withNotice("/sign-in", "password-changed")).toBe("/sign-in?notice=password-changed");
  });
});
