/** The start of a post for a card: whitespace collapsed, cut at a word, never mid-word. */
export function excerpt(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

// Graphemes, not UTF-16 units: "🌟"[0] is half a surrogate pair, which the server renders as "\uFFFD"
// and the browser keeps, so the page failed to hydrate. Grapheme breaks do not depend on the locale
// (Unicode's rules), so server and browser split alike.
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

function firstGrapheme(word: string): string {
  const first = graphemes.segment(word).containing(0)?.segment ?? "";
  const upper = first.toUpperCase();
  // "ß" upper-cases to "SS": keep one character per word.
  return upper.length === first.length ? upper : first;
}

/**
 * "Dana Demo" → "DD": the avatar stand-in until users have pictures. The
 * first character (grapheme) of the first and the last word, in any script,
 * emoji included; NFC, so "e" + combining accent is one code point.
 */
export function initials(name: string): string {
  const words = name.normalize("NFC").split(/\s+/).filter(Boolean);
  const first = words[0];
  const last = words.at(-1);
  if (first === undefined || last === undefined) return "?";
  return words.length > 1 ? `${firstGrapheme(first)}${firstGrapheme(last)}` : firstGrapheme(first);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
