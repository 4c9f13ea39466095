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

/** The address a link may point at: an absolute http(s) URL, checked again by the URL parser, or none. */
function webAddress(candidate: string): string | null {
  if (!URL.canParse(candidate)) return null;
  const url = new URL(candidate);
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
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
