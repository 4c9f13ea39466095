import { describe, expect, it } from "vitest";

import { initials } from "./text";

/** True when `text` holds a UTF-16 surrogate without its partner: what renders as "�". */
const hasLoneSurrogate = (text: string) =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe("initials", () => {
  it("the first character of the first and the last word, in any script", () => {
    const cases: [string, string][] = [
      ["Dana Demo", "DD"],
      ["ada", "A"],
      ["Mary Ann Smith", "MS"],
      ["Zoë Ångström", "ZÅ"],
      ["José", "J"],
      ["élodie durand", "ÉD"],
      ["李小龙", "李"],
      ["Мария Иванова", "МИ"],
      ["محمد علي", "مع"],
      // "दु" is one grapheme: a consonant and its vowel sign.
      ["नमस्ते दुनिया", "नदु"],
      ["Ωmega ßeta", "Ωß"],
    ];
    for (const [name, expected] of cases) expect(initials(name), name).toBe(expected);
  });

  it("an emoji, a flag or a family is one character, never half of one", () => {
    const cases: [string, string][] = [
      ["Tess 🌟", "T🌟"],
      ["🌟 Star", "🌟S"],
      ["👩‍👩‍👧 Family", "👩‍👩‍👧F"],
      ["🇳🇿 Kiwi", "🇳🇿K"],
      ["👍🏽 Thumbs", "👍🏽T"],
      ["𝒜lice 𝒵ed", "𝒜𝒵"],
    ];
    for (const [name, expected] of cases) {
      expect(initials(name), name).toBe(expected);
      expect(hasLoneSurrogate(initials(name)), name).toBe(false);
    }
  });

  it("a combining accent stays with its letter, composed (NFC)", () => {
    expect(initials("e\u0301clair")).toBe("\u00c9");
    expect(initials("Zoe\u0308 Ma\u0308rz")).toBe("ZM");
    expect(initials("a\u0308bc o\u0308de")).toBe("\u00c4\u00d6");
  });

  it("an empty or blank name is a question mark", () => {
    for (const blank of ["", " ", "\t\n", "\u00a0"]) expect(initials(blank), JSON.stringify(blank)).toBe("?");
  });
});
