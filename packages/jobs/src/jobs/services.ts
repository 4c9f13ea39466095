import type { Mailer } from "@trellis/auth";
import type { DataLayer } from "@trellis/db";

/** What the app's jobs run with: the worker builds it once (apps/web/src/server/jobs.ts, or a test). */
export interface AppServices {
  data: DataLayer;
  mailer: Mailer;
  /** The app's public origin, for links in emails: configured, never taken from a request. */
  appUrl: string;
}
