import fc from "fast-check";

/**
 * fast-check arbitraries of what an attacker, a fuzzer or a broken client
 * sends, for packages/server/src/hostile-input.test.ts. They know no procedure: given an input's
 * key names (read from the router) and a few real ids to aim at, each family
 * builds inputs of one kind of hostility, mixed with plausible values so some
 * calls get past the first check and reach the ones behind it.
 */

/** At least 1 MiB each: far past every limit, to show nothing buffers, hashes or stores them. */
const MIB = 1 << 20;
export const hugeStrings: readonly string[] = [
  "a".repeat(MIB),
  "😀".repeat(MIB / 2), // 2 UTF-16 units each: 1 MiB of units, 2 MiB of UTF-8
  "' OR 1=1 -- ".repeat(MIB / 12 + 1),
  `${" ".repeat(MIB)}x${" ".repeat(MIB)}`, // trims to one character
];

export const sqlPayloads = [
  "' OR 1=1 --",
  "'; DROP TABLE posts; --",
  "1' UNION SELECT id, email, name FROM users --",
  "%' OR '1'='1",
  "\\'; --",
  "%",
  "_",
] as const;

export const scriptPayloads = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "{{constructor.constructor('alert(1)')()}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, literally
  "${process.exit(1)}",
] as const;

export const unicodePayloads = [
  "\uD800", // lone high surrogate
  "\uDFFF", // lone low surrogate
  "a\uDC00b\uD83D",
  "\u202Egnp.exe", // right-to-left override
  "\u200B\u200C\u200D\u2060\uFEFF", // zero-width characters only
  "\u0000",
  "nul\u0000inside",
  "e\u0301\u0301\u0301", // combining marks
  "👩‍👩‍👧‍👦",
  "𝕿𝖗𝖊𝖑𝖑𝖎𝖘",
  "שלום עולם",
  "مرحبا بالعالم",
  "\u00A0\u2028\u2029\u3000",
  " \t\n\r ",
] as const;

const oddStrings = [
  "",
  "__proto__",
  "constructor",
  "toString",
  "NaN",
  "../../../../etc/passwd",
  "%2e%2e%2f%00",
] as const;

export const specialNumbers = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  -1,
  0.5,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  8.64e15 + 1, // one past the last valid Date
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  Number.MAX_SAFE_INTEGER,
] as const;

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...sqlPayloads, ...scriptPayloads, ...unicodePayloads, ...oddStrings),
  fc.string({ unit: "binary", maxLength: 300 }), // any code point
  // Any code point, with control, bidi, zero-width characters and lone surrogates thrown in.
  fc.string({
    unit: fc.oneof(
      fc.constantFrom(...unicodePayloads.map((text) => text.slice(0, 1))),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    ),
    maxLength: 50,
  }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
  // A payload inside text that is otherwise fine.
  fc
    .tuple(fc.constantFrom(...sqlPayloads, ...scriptPayloads, ...unicodePayloads), fc.string({ maxLength: 20 }))
    .map(([payload, text]) => `${text}${payload}${text}`),
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...specialNumbers),
  fc.double(),
  fc.integer(),
);

/** Any value devalue can carry (Dates, Maps, BigInts, null-prototype objects…), a few levels deep. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({
    maxDepth: 3,
    maxKeys: 6,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withNullPrototype: true,
    withSet: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
);

/** A value of some other type than a field wants: null, a BigInt, an invalid Date, an array, an object, a number… */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, [], {}, [null], 10n, new Date(Number.NaN), new Date(8.64e15)),
  hostileNumber,
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  anyValue,
);

/** Base64url of some JSON, the shape of a pagination cursor, so the decoder's own checks are what refuses it. */
const base64url = (text: string) =>
  Buffer.from(text, "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const hostileCursor: fc.Arbitrary<string> = fc
  .record({
    t: fc.oneof(hostileNumber, fc.jsonValue({ maxDepth: 1 })),
    id: fc.oneof(hostileString, fc.jsonValue({ maxDepth: 1 })),
  })
  .map((payload) => base64url(JSON.stringify(payload) ?? "null"));

/** Cursors that decode as base64url JSON, but to positions no list has, or ids no database stores. */
const cursorPayloads: readonly string[] = [
  '{"t":8640000000000001,"id":"x"}', // one past the last valid Date
  '{"t":9007199254740991,"id":"x"}',
  '{"t":-1,"id":"x"}',
  '{"t":1.5,"id":"x"}',
  '{"t":1,"id":"nul\\u0000inside"}',
  '{"t":1,"id":"\\ud800"}',
  `{"t":1,"id":"' OR 1=1 --"}`,
  '{"t":"1","id":["x"]}',
  '{"__proto__":{"polluted":"yes"},"t":1,"id":"x"}',
].map(base64url);

/**
 * What to aim at, so some calls get past "not found" to the checks behind it:
 * ids of real things by kind ("post", "comment", "user", "apiToken"; the
 * first of each is one the signed-in caller may act on), and cursors that decode.
 */
export interface Targets {
  ids: Readonly<Record<string, readonly string[]>>;
  cursors: readonly string[];
}

const isIdKey = (key: string) => /id$/i.test(key);

/**
 * The ids worth trying for `key` of the procedure at `path`, by name: `postId`
 * names a post, `id` whatever the procedure's router is about ("comment.update"
 * → a comment). A kind without targets gets every id there is.
 */
function idsFor(path: string, key: string, targets: Targets): readonly string[] {
  const kind = key === "id" ? (path.split(".")[0] ?? "") : key.replace(/Id$/, "");
  return targets.ids[kind] ?? Object.values(targets.ids).flat();
}

/**
 * Values that could pass for `key`, judged by its name alone — ids for `…Id`,
 * an email for `email`, and so on — so a call gets past that field's check
 * and the hostile value beside it is what gets tested. The first is the likeliest.
 */
function plausibleValues(path: string, key: string, targets: Targets): readonly unknown[] {
  if (isIdKey(key)) return idsFor(path, key, targets);
  if (/email/i.test(key)) return ["alice@example.com", "nobody@example.com", " ADA@example.com "];
  if (/password/i.test(key)) return ["a long password!", "correct horse battery"];
  if (/token/i.test(key)) return ["A".repeat(43), "trl_not-a-real-token"];
  if (/cursor/i.test(key)) return [null, ...targets.cursors];
  if (/limit|days/i.test(key)) return [7, 1, 20, 30, 50, 100, null];
  if (/lastEventId/.test(key)) return [null, "1-0", "999999999999999-999999999999999"];
  if (/scope/i.test(key)) return ["read", "read-write"];
  if (/role/i.test(key)) return ["user", "admin"];
  return ["Hello", "A plain sentence.", "x"];
}

/**
 * An object with `keys`: at least one of them from `hostile`, the others
 * plausible (or, now and then, missing), so the hostile value is often the
 * only thing wrong with the input and it is that value's check that answers.
 */
function objectOf(
  path: string,
  keys: readonly string[],
  targets: Targets,
  hostile: (key: string) => fc.Arbitrary<unknown>,
) {
  // No declared input (the procedure ignores it): keys of its own, hostile too.
  if (keys.length === 0) return fc.dictionary(hostileString, hostile(""), { minKeys: 1, maxKeys: 3 });
  const each = (make: (key: string) => fc.Arbitrary<unknown>) =>
    fc.record(Object.fromEntries(keys.map((key) => [key, make(key)] as const)));
  const plausible = (key: string) =>
    fc.option(fc.constantFrom(...plausibleValues(path, key, targets)), { nil: undefined, freq: 8 });
  return fc
    .tuple(fc.subarray([...keys], { minLength: 1 }), each(hostile), each(plausible))
    .map(([hostileKeys, bad, good]) =>
      Object.fromEntries(
        keys.flatMap((key) => {
          if (hostileKeys.includes(key)) return [[key, bad[key]]];
          return good[key] === undefined ? [] : [[key, good[key]]];
        }),
      ),
    );
}

/** JSON made by `JSON.parse`, so `__proto__` is an own property, as it is after parsing a request body. */
function withPrototypeKeys(path: string, keys: readonly string[], targets: Targets): fc.Arbitrary<unknown> {
  const pollution = fc.constantFrom(
    { polluted: "yes" },
    { role: "admin", isAdmin: true },
    { prototype: { polluted: "yes" } },
    { toString: "not a function", valueOf: 1 },
  );
  const dangerous = fc.constantFrom("__proto__", "constructor", "prototype");
  const where = fc.constantFrom("top", ...keys);
  return fc
    .tuple(
      objectOf(path, keys, targets, () => hostileString),
      dangerous,
      pollution,
      where,
    )
    .map(([base, key, payload, at]) => {
      const inject = `${JSON.stringify(key)}:${JSON.stringify(payload)}`;
      const rest = JSON.stringify(base).slice(1, -1);
      if (at === "top") return JSON.parse(`{${inject}${rest ? `,${rest}` : ""}}`);
      // Nested under a real key: `{"title": {"__proto__": {...}}, …}`.
      const others = Object.entries(base).filter(([name]) => name !== at);
      const text = others.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value) ?? "null"}`);
      return JSON.parse(`{${[`${JSON.stringify(at)}:{${inject}}`, ...text].join(",")}}`);
    });
}

export const namedPayloads: readonly string[] = [...sqlPayloads, ...scriptPayloads, ...unicodePayloads, ...oddStrings];

/**
 * Every named payload in every field of the input, one field at a time, the
 * others at their likeliest plausible value — so each payload reaches the
 * write when the rest of the input allows it. Deterministic: the random
 * families may miss a payload, this never does. A procedure without declared
 * input reads none of it: it gets them all at once, as an array and as an
 * object's keys and values.
 */
export function payloadInputs(path: string, keys: readonly string[], targets: Targets): unknown[] {
  if (keys.length === 0) return [[...namedPayloads], Object.fromEntries(namedPayloads.map((p) => [p, p]))];
  const likeliest = Object.fromEntries(keys.map((key) => [key, plausibleValues(path, key, targets)[0]]));
  return keys.flatMap((key) =>
    [...namedPayloads, ...(/cursor/i.test(key) ? cursorPayloads : [])].map((payload) => ({
      ...likeliest,
      [key]: payload,
    })),
  );
}

export type Family =
  | "random values"
  | "wrong types"
  | "hostile strings"
  | "huge strings"
  | "prototype keys"
  | "odd numbers";

/** Each family of hostile input for the procedure at `path`, whose input has `keys`. */
export function hostileInputs(
  path: string,
  keys: readonly string[],
  targets: Targets,
): Record<Family, fc.Arbitrary<unknown>> {
  const fields = (hostile: (key: string) => fc.Arbitrary<unknown>) => objectOf(path, keys, targets, hostile);
  return {
    "random values": anyValue,
    "wrong types": fields(() => wrongType),
    "hostile strings": fields((key) => (/cursor/i.test(key) ? fc.oneof(hostileCursor, hostileString) : hostileString)),
    // Every field huge, or one huge beside plausible ones.
    "huge strings": fc.oneof(
      fc.constantFrom(...hugeStrings).map((huge) => Object.fromEntries(keys.map((key) => [key, huge]))),
      fields(() => fc.constantFrom(...hugeStrings)),
      fc.constantFrom(...hugeStrings),
    ),
    "prototype keys": withPrototypeKeys(path, keys, targets),
    "odd numbers": fields(() => hostileNumber),
  };
}
