import { LinkifyIt } from "linkify-it";

/** A run of a body: plain text, or a web address to show as a link. */
export type BodyPart =
  | { kind: "text"; text: string }
  /** `start`: where the link begins in the text, which names it among its siblings. */
  | { kind: "link"; text: string; href: string; start: number };

/**
 * Only addresses written out with http:// or https:// are found: no bare
 * "example.com" (a version number or a file name would turn into a link),
 * no mailto:, ftp: or protocol-relative "//host", and never a user:password@
 * part (urlAuth is off by default), which can dress one host up as another.
 */
const linkify = new LinkifyIt({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false })
  .add("ftp:", null)
  .add("mailto:", null)
  .add("//", null);

/** Bidi embeddings, overrides and isolates: they can show a link's text in another order than it goes. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** The host as typed: the authority between "://" and the path, less any port. */
function typedHost(candidate: string): string {
  const authority = candidate.slice(candidate.indexOf("://") + 3).split(/[/\\?#]/, 1)[0] ?? "";
  return authority.replace(/:\d*$/, "");
}

/** Lowercases A-Z only: String#toLowerCase folds look-alikes such as the Kelvin sign into "k". */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/**
 * The address a link may point at: an absolute http(s) URL, checked again by
 * the URL parser, or none. The parsed host must be the host as typed: a host
 * the parser rewrites (IDNA: Cyrillic look-alikes, "∕" that only looks like a
 * slash) would show one site and open another, so it stays text.
 */
function webAddress(candidate: string): string | null {
  if (BIDI_CONTROLS.test(candidate) || !URL.canParse(candidate)) return null;
  const url = new URL(candidate);
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.hostname === asciiLower(typedHost(candidate)) ? url.href : null;
}

/**
 * Splits plain text into text and http(s) links, for rendering as React
 * elements (never as HTML: the text stays text, whatever it holds). Anything
 * that is not a web address, javascript: and data: included, stays text.
 */
export function linkifyParts(text: string): BodyPart[] {
  const matches = linkify.test(text) ? (linkify.match(text) ?? []) : [];
  const parts: BodyPart[] = [];
  let position = 0;
  const pushText = (end: number) => {
    if (end <= position) return;
    const run = text.slice(position, end);
    const last = parts.at(-1);
    if (last?.kind === "text") last.text += run;
    else parts.push({ kind: "text", text: run });
  };
  for (const match of matches) {
    const href = webAddress(match.url);
    if (href === null) continue;
    pushText(match.index);
    parts.push({ kind: "link", text: match.raw, href, start: match.index });
    position = match.lastIndex;
  }
  pushText(text.length);
  return parts;
}
