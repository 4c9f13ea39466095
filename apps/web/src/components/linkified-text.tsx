import { linkifyParts } from "@/lib/linkify";

/**
 * Plain text with its http(s) addresses as links, as React elements: nothing
 * in it is ever read as HTML. The links are user content, so they pass no
 * referrer or window handle (noopener noreferrer) and no search ranking
 * (nofollow). They open in the same tab: the reader chooses a new one
 * (middle click, Ctrl+click), and Back returns to the post.
 */
export function LinkifiedText({ text }: { text: string }) {
  return linkifyParts(text).map((part) =>
    part.kind === "text" ? (
      part.text
    ) : (
      <a
        key={part.start}
        href={part.href}
        // dir isolates the address from the text around it: a bidi override before it cannot reorder it.
        dir="ltr"
        rel="noopener noreferrer nofollow"
        className="text-accent underline underline-offset-2 hover:text-accent-hover"
      >
        {part.text}
      </a>
    ),
  );
}
