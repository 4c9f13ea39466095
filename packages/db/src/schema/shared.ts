/** What both dialects' schemas share that is not a column: enums and their types. */
export const roles = ["user", "admin"] as const;
export type Role = (typeof roles)[number];
