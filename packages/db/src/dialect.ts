export type Dialect = "sqlite" | "postgres";

/** `postgres://…` or `postgresql://…` is Postgres; anything else (`file:…`, a path, `:memory:`) is SQLite. */
export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";
}
