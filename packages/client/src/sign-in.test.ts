import { describe, expect, it } from "vitest";

import { transformer } from "./index";
import { assertSafeForPassword, SignInRefused, signInForToken, TOKEN_NAME_MAX, tokenNameFor } from "./sign-in";

interface Call {
  path: string;
  body: string;
}

/**
 * A fake app behind `fetch`: the CSRF route, the credentials callback answering
 * with `signIn(form)` in turn, tRPC's `apiToken.create` answering `create` and
 * the sign-out — recording every call.
 */
function fakeApp(options: { signIn: Array<(form: URLSearchParams) => Response>; create?: () => Response }) {
  const calls: Call[] = [];
  const answers = [...options.signIn];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const body = init?.body instanceof URLSearchParams ? init.body.toString() : String(init?.body ?? "");
    calls.push({ path: url.pathname, body });
    if (url.pathname === "/api/auth/csrf") {
      return Response.json({ csrfToken: "csrf" }, { headers: { "set-cookie": "authjs.csrf-token=abc; Path=/" } });
    }
    if (url.pathname === "/api/auth/callback/credentials") {
      const answer = answers.shift();
      if (!answer) throw new Error("an unexpected sign-in attempt");
      return answer(new URLSearchParams(body));
    }
    if (url.pathname.startsWith("/api/trpc/apiToken.create")) {
      return (
        options.create?.() ??
        Response.json([{ result: { data: transformer.output.serialize({ secret: "trl_secret", token: {} }) } }])
      );
    }
    if (url.pathname === "/api/auth/signout") return new Response(null, { status: 302, headers: { location: "/" } });
    throw new Error(`unexpected ${url.pathname}`);
  };
  return { calls, fetch: fetchImpl, paths: () => calls.map((call) => call.path.replace(/\?.*/, "")) };
}

const redirect = (location: string) => () =>
  new Response(null, { status: 302, headers: { location, "set-cookie": "authjs.session-token=s; Path=/" } });
const refused = (code: string) => redirect(`http://127.0.0.1:3000/signin?error=CredentialsSignin&code=${code}`);
const signedIn = redirect("http://127.0.0.1:3000/");

function signIn(app: ReturnType<typeof fakeApp>, askCode: () => Promise<string> = async () => "123456") {
  return signInForToken({
    url: "http://127.0.0.1:3000",
    credentials: { email: "ada@example.com", password: " pass word " },
    askCode,
    tokenName: "trellis CLI on host",
    scope: "read-write",
    fetch: app.fetch,
  });
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SignInRefused);
  const { code, message } = error as SignInRefused;
  return { code, message };
}

describe("signInForToken", () => {
  it("signs in, creates the token, signs out, and sends the password as given", async () => {
    const app = fakeApp({ signIn: [signedIn] });
    expect(await signIn(app)).toBe("trl_secret");
    expect(app.paths()).toEqual([
      "/api/auth/csrf",
      "/api/auth/callback/credentials",
      "/api/trpc/apiToken.create",
      "/api/auth/signout",
    ]);
    expect(new URLSearchParams(app.calls[1]?.body).get("password")).toBe(" pass word ");
  });

  it("refuses plain HTTP to anything but this machine, before sending anything", async () => {
    for (const url of ["http://localhost:3000", "http://127.0.0.1", "http://127.1.2.3:8080", "http://[::1]:3000"]) {
      expect(() => assertSafeForPassword(url), url).not.toThrow();
    }
    expect(() => assertSafeForPassword("https://trellis.example.com")).not.toThrow();
    for (const url of ["http://trellis.example.com", "http://10.0.0.5:3000", "http://localhost.example.com"]) {
      expect(() => assertSafeForPassword(url), url).toThrow(/Refusing to send a password to http:/);
    }
    const app = fakeApp({ signIn: [signedIn] });
    const { code } = await refusal(
      signInForToken({
        url: "http://trellis.example.com",
        credentials: { email: "a@b.c", password: "p" },
        askCode: async () => "",
        tokenName: "t",
        scope: "read",
        fetch: app.fetch,
      }),
    );
    expect(code).toBe("INSECURE_URL");
    expect(app.calls).toEqual([]);
  });

  it("takes only a redirect as an answer: a 400, 403 or 500 is no sign-in, and no token is asked for", async () => {
    for (const status of [200, 400, 403, 500]) {
      const app = fakeApp({ signIn: [() => new Response("nope", { status })] });
      const { code, message } = await refusal(signIn(app));
      expect(code).toBe("UNEXPECTED_RESPONSE");
      expect(message).toContain(String(status));
      expect(app.paths()).not.toContain("/api/trpc/apiToken.create");
    }
    const noLocation = fakeApp({ signIn: [() => new Response(null, { status: 302 })] });
    expect((await refusal(signIn(noLocation))).code).toBe("UNEXPECTED_RESPONSE");
  });

  it("says which answer was wrong: the password, or the two-factor code", async () => {
    expect(await refusal(signIn(fakeApp({ signIn: [refused("credentials")] })))).toEqual({
      code: "UNAUTHORIZED",
      message: "Wrong email or password.",
    });
    const wrongCode = fakeApp({ signIn: [refused("second-factor-required"), refused("second-factor-required")] });
    expect(await refusal(signIn(wrongCode))).toEqual({ code: "UNAUTHORIZED", message: "That code is not valid." });
    const anyRefusal = fakeApp({ signIn: [refused("second-factor-required"), refused("credentials")] });
    expect((await refusal(signIn(anyRefusal))).message).toBe("That code is not valid.");
  });

  it("sends the code on the second attempt, and refuses an empty one without spending a try", async () => {
    const codes: Array<string | null> = [];
    const app = fakeApp({
      signIn: [
        refused("second-factor-required"),
        (form) => {
          codes.push(form.get("code"));
          return signedIn();
        },
      ],
    });
    expect(await signIn(app, async () => "654321")).toBe("trl_secret");
    expect(codes).toEqual(["654321"]);

    const empty = fakeApp({ signIn: [refused("second-factor-required")] });
    expect((await refusal(signIn(empty, async () => "  "))).message).toMatch(/code .* is needed/);
    expect(empty.paths().filter((path) => path === "/api/auth/callback/credentials")).toHaveLength(1);
  });

  it("reports 429 with its Retry-After", async () => {
    const app = fakeApp({ signIn: [() => new Response(null, { status: 429, headers: { "retry-after": "42" } })] });
    expect(await refusal(signIn(app))).toEqual({
      code: "TOO_MANY_REQUESTS",
      message: "Too many sign-in attempts: try again in 42 seconds.",
    });
  });

  it("signs out even when creating the token fails", async () => {
    const error = { message: "Name too long", code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400 } };
    const app = fakeApp({
      signIn: [signedIn],
      create: () => Response.json([{ error: transformer.output.serialize(error) }], { status: 400 }),
    });
    await expect(signIn(app)).rejects.toThrow("Name too long");
    expect(app.paths().at(-1)).toBe("/api/auth/signout");
  });

  it("cuts the token name to the longest the app accepts", () => {
    expect(tokenNameFor("box")).toBe("trellis CLI on box");
    const long = tokenNameFor("a".repeat(200));
    expect(long).toHaveLength(TOKEN_NAME_MAX);
    expect(long.startsWith("trellis CLI on a")).toBe(true);
  });
});
