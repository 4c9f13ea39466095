import { plural } from "@/lib/text";

/**
 * Atop the feed while posts wait, and pinned under the header as the reader
 * scrolls, so it is seen from anywhere; the reader decides when the list moves.
 */
export function NewPostsButton({ count, onClick }: { count: number; onClick: () => void }) {
  return (
    // The strip spans the column but only the pill takes clicks: the cards it floats over stay usable.
    <div className="pointer-events-none sticky top-18 z-10 flex justify-center">
      <button
        type="button"
        onClick={onClick}
        className="pointer-events-auto inline-flex items-center gap-1.5 rounded-full bg-accent px-4 py-2 text-sm font-medium text-accent-ink shadow-md transition-colors hover:bg-accent-hover"
      >
        <span aria-hidden="true">↑</span>
        {plural(count, "new post")}
      </button>
    </div>
  );
}
