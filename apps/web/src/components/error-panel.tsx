import { buttonStyles } from "./button-styles";

/** The one look for "this part failed", with a way to try again. */
export function ErrorPanel({
  title,
  message,
  onRetry,
  headingLevel = 2,
}: {
  title: string;
  message?: string;
  onRetry: () => void;
  headingLevel?: 1 | 2;
}) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <div role="alert" className="rounded-2xl border border-line bg-surface px-6 py-10 text-center shadow-xs">
      <Heading className="text-lg font-semibold text-ink">{title}</Heading>
      <p className="mx-auto mt-2 max-w-sm text-sm text-ink-muted">
        {message || "Something went wrong on our side. It may be temporary."}
      </p>
      <button type="button" onClick={onRetry} className={`${buttonStyles.secondary} mt-6`}>
        Try again
      </button>
    </div>
  );
}
