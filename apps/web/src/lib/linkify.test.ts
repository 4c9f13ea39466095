import { describe, expect, it } from "vitest";

import { type BodyPart, linkifyParts } from "./linkify";

const links = (text: string) =>
  linkifyParts(text).flatMap((part) => (part.kind === "link" ? [{ text: part.text, href: part.href }] : []));
const joined = (parts: BodyPart[]) => parts.map((part) => part.text).join("");

describe("linkifyParts", () => {
  it("links http and https addresses and keeps the text around them", () => {
    const text = "See https://example.com/docs?a=1&b=2#top and http://example.org.";
    expect(linkifyParts(text)).toEqual([
      { kind: "text", text: "See " },
      {
        kind: "link",
        text: "https://example.com/docs?a=1&b=2#top",
        href: "https://example.com/docs?a=1&b=2#top",
        start: 4,
      },
      { kind: "text", text: " and " },
      { kind: "link", text: "http://example.org", href: "http://example.org/", start: 45 },
      { kind: "text", text: "." },
    ]);
  });

  it("leaves closing punctuation and brackets outside the link", () => {
    expect(links("(see https://example.com/a_(b)), or https://example.com/x!")).toEqual([
      { text: "https://example.com/a_(b)", href: "https://example.com/a_(b)" },
      { text: "https://example.com/x", href: "https://example.com/x" },
    ]);
  });

  it("returns text without addresses as one text part, and nothing for nothing", () => {
    expect(linkifyParts("just words\nover two lines")).toEqual([{ kind: "text", text: "just words\nover two lines" }]);
    expect(linkifyParts("")).toEqual([]);
  });

  it("links no bare domains, emails, mailto:, ftp: or protocol-relative addresses", () => {
    expect(
      links("example.com, v1.2.3, me@example.com, mailto:me@example.com, ftp://example.com, //example.com"),
    ).toEqual([]);
  });

  it("never links javascript:, data: or vbscript:, in any case or disguise", () => {
    const hostile = [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(document.cookie)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "https:javascript:alert(1)",
      "<a href=javascript:alert(1)>x</a>",
    ];
    for (const text of hostile) {
      expect(links(text), text).toEqual([]);
      expect(joined(linkifyParts(text)), text).toBe(text);
    }
    // A host named "javascript" is only a host: the link is still plain http, to what it shows.
    expect(links("http://javascript:alert(1)")).toEqual([{ text: "http://javascript", href: "http://javascript/" }]);
  });

  it("keeps markup as text: the link's address and words are only what the URL parser allows", () => {
    const text = 'http://example.com/"><img src=x onerror=alert(1)> <script>alert(1)</script>';
    const parts = linkifyParts(text);
    expect(joined(parts)).toBe(text);
    for (const link of parts.filter((part) => part.kind === "link")) {
      expect(link.href).toMatch(/^https?:\/\//);
      expect(link.href).not.toMatch(/[<>"\s]/);
    }
  });

  it("never links the host behind a user:password@ part, which can pass one host off as another", () => {
    // At most the part before "@", which goes where it says.
    expect(links("https://paypal.com@evil.example/login")).toEqual([
      { text: "https://paypal.com", href: "https://paypal.com/" },
    ]);
    expect(links("https://user:secret@example.com/")).not.toContainEqual(
      expect.objectContaining({ href: expect.stringContaining("@") }),
    );
  });

  it("links upper-case schemes and hosts, as the URL parser writes them", () => {
    expect(links("HTTPS://EXAMPLE.COM/Path")).toEqual([
      { text: "HTTPS://EXAMPLE.COM/Path", href: "https://example.com/Path" },
    ]);
    expect(links("http://Example.com:8080/a")).toEqual([
      { text: "http://Example.com:8080/a", href: "http://example.com:8080/a" },
    ]);
  });

  it("leaves as text a host the parser rewrites, so a link never shows one site and opens another", () => {
    const disguised = [
      // "∕" (U+2215) only looks like a slash: the host is google.com∕evil.example, in IDNA form.
      "https://google.com\u2215evil.example/",
      // A Cyrillic "а": the host becomes xn--…
      "https://\u0430pple.com",
      "https://bücher.example/straße",
      // The Kelvin sign, which String#toLowerCase would fold into a "k".
      "https://\u212Aeep.example/",
      "https://xn--pple-43d.com.\u0430/",
    ];
    for (const text of disguised) {
      expect(links(text), text).toEqual([]);
      expect(joined(linkifyParts(text)), text).toBe(text);
    }
  });

  it("leaves as text an address holding bidi controls, which can reverse how it reads", () => {
    for (const control of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"]) {
      const text = `https://example.com/${control}exe.txt`;
      expect(links(text), text).toEqual([]);
      expect(joined(linkifyParts(text)), text).toBe(text);
    }
    // A plain address next to such text still links.
    expect(links("\u202Eolleh https://example.com/ ok")).toEqual([
      { text: "https://example.com/", href: "https://example.com/" },
    ]);
  });

  it("handles a long run of text with no address, or very many addresses, quickly", () => {
    const started = performance.now();
    expect(links("a".repeat(100_000))).toEqual([]);
    expect(links("https://example.com/ ".repeat(2_000))).toHaveLength(2_000);
    expect(links(`https://example.com/${"(".repeat(5_000)}`)).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
