import { describe, expect, it } from "vitest";

import { changePasswordInput, resetPasswordInput, signInInput, signUpInput } from "./account";

describe("signUpInput", () => {
  it("normalises the email and trims the name", () => {
    expect(signUpInput.parse({ name: " Ada ", email: " Ada@Example.COM ", password: "correct horse" })).toEqual({
      name: "Ada",
      email: "ada@example.com",
      password: "correct horse",
    });
  });

  it("names each bad field", () => {
    const result = signUpInput.safeParse({ name: "", email: "nope", password: "short" });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["name", "Name is required"],
      ["email", "Enter a valid email address"],
      ["password", "Use at least 10 characters"],
    ]);
  });

  it("asks for a password left out, rather than for a longer one", () => {
    const result = signUpInput.safeParse({ name: "Ann", email: "ann@example.com" });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["password", "Choose a password"]]);
  });
});

describe("a new password", () => {
  it("cannot be only whitespace, however long", () => {
    const messages = (password: string) =>
      signUpInput.safeParse({ name: "Ada", email: "ada@example.com", password }).error?.issues.map((i) => i.message);
    expect(messages(" ".repeat(10))).toEqual(["A password cannot be only spaces"]);
    expect(messages(" \t\n\u00a0".repeat(5))).toEqual(["A password cannot be only spaces"]);
    expect(changePasswordInput.safeParse({ currentPassword: "x", newPassword: " ".repeat(40) }).success).toBe(false);
    expect(resetPasswordInput.safeParse({ token: "A".repeat(43), password: " ".repeat(12) }).success).toBe(false);
  });

  it("may contain spaces, as a passphrase does", () => {
    expect(signUpInput.safeParse({ name: "Ada", email: "ada@example.com", password: " correct horse " }).success).toBe(
      true,
    );
  });
});

describe("signInInput", () => {
  it("accepts any non-empty password up to the cap", () => {
    expect(signInInput.safeParse({ email: "a@b.co", password: "x" }).success).toBe(true);
    expect(signInInput.safeParse({ email: "a@b.co", password: "x".repeat(201) }).success).toBe(false);
  });
});

describe("resetPasswordInput", () => {
  it("accepts only the shape of a token we issue", () => {
    const token = "A".repeat(43);
    expect(resetPasswordInput.safeParse({ token, password: "long enough!" }).success).toBe(true);
    expect(resetPasswordInput.safeParse({ token: `${token}=`, password: "long enough!" }).success).toBe(false);
  });
});
