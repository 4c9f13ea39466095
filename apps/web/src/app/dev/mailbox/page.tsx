import { readMailbox } from "@trellis/auth";
import { settings } from "@trellis/validators/settings";
import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { getMailer } from "@/server/settings";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

/**
 * The emails the app would have sent, in development only and only without
 * SMTP_URL: each is an .eml file in the mailbox folder. Newest first.
 */
export default function DevMailboxPage() {
  const mailer = getMailer();
  if (settings().nodeEnv !== "development" || mailer.destination === "smtp") notFound();
  const messages = readMailbox(mailer.destination);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">Dev mailbox</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Emails written to <code className="break-all">{mailer.destination}</code> instead of being sent. Set SMTP_URL
          to send them.
        </p>
      </div>
      {messages.length === 0 ? <p className="text-ink-muted">No emails yet.</p> : null}
      {messages.map((message) => (
        <article key={message.file} className="rounded-2xl border border-line bg-surface p-4 shadow-xs sm:p-5">
          <h2 className="font-semibold text-ink">{message.subject}</h2>
          <p className="text-sm text-ink-muted">To {message.to}</p>
          <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm text-ink">{message.text}</pre>
        </article>
      ))}
    </div>
  );
}
