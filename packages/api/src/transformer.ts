import type { TRPCCombinedDataTransformer } from "@trpc/server";
import { parse, stringify } from "devalue";

/**
 * tRPC's wire format, shared by the server, the web app and the typed client
 * (they must agree): devalue. A `Date` stays a `Date` (likewise Map, Set,
 * BigInt, undefined), so the client's types are the procedures' own, and it
 * writes a feed page ~3× faster than superjson did (docs/decisions/019,
 * `pnpm bench:serialization`). REST (/api/v1) speaks plain JSON instead.
 *
 * `parse` builds plain objects only — a `__proto__` key is never a prototype
 * — so it is safe on what a client sends; anything but a devalue string (say,
 * a JSON object from curl) is refused as unparseable input.
 */
const devalue = {
  serialize: (value: unknown): string => stringify(value),
  deserialize: (wire: unknown): unknown => {
    if (typeof wire !== "string")
      throw new TypeError("tRPC input must be a devalue string (see @trellis/api/transformer)");
    return parse(wire);
  },
};

export const transformer: TRPCCombinedDataTransformer = { input: devalue, output: devalue };
