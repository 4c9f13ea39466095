import { z } from "zod";

/** Text ids are UUIDv7 (docs/decisions/003-uuidv7-ids.md); checked once, here. */
export const idSchema = z
  .uuid({ version: "v7", error: "Not a valid id" })
  .meta({ examples: ["01937c4e-8a4b-7c3e-9f10-2b5d6e7f8a90"] });
