/* Placeholders shaped like the content they stand for, so the page does not jump when it arrives. */

function Bar({ className }: { className: string }) {
  return <div className={`animate-pulse rounded-md bg-surface-muted ${className}`} />;
}

export function PostCardSkeleton() {
  return (
    <div className="rounded-2xl border border-line bg-surface p-4 sm:p-5">
      <div className="flex items-center gap-2.5">
        <Bar className="size-7 rounded-full" />
        <Bar className="h-3.5 w-32" />
      </div>
      <Bar className="mt-4 h-5 w-3/4" />
      <Bar className="mt-3 h-3.5 w-full" />
      <Bar className="mt-2 h-3.5 w-5/6" />
      <div className="mt-5 flex gap-2">
        <Bar className="h-8 w-16 rounded-full" />
        <Bar className="h-8 w-28 rounded-full" />
      </div>
    </div>
  );
}

export function FeedSkeleton({ count = 4 }: { count?: number }) {
  return (
    <div aria-busy="true" className="space-y-3">
      <span className="sr-only" role="status">
        Loading posts…
      </span>
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders with no identity of their own
        <PostCardSkeleton key={i} />
      ))}
    </div>
  );
}

export function PostPageSkeleton() {
  return (
    <div aria-busy="true" className="space-y-8">
      <span className="sr-only" role="status">
        Loading post…
      </span>
      <Bar className="h-4 w-28" />
      <div className="rounded-2xl border border-line bg-surface p-5 sm:p-8">
        <Bar className="h-8 w-4/5" />
        <div className="mt-5 flex items-center gap-3">
          <Bar className="size-9 rounded-full" />
          <Bar className="h-3.5 w-40" />
        </div>
        <Bar className="mt-8 h-3.5 w-full" />
        <Bar className="mt-2 h-3.5 w-full" />
        <Bar className="mt-2 h-3.5 w-2/3" />
      </div>
    </div>
  );
}

export function CommentsSkeleton() {
  return (
    <div aria-busy="true" className="space-y-4">
      <span className="sr-only" role="status">
        Loading comments…
      </span>
      <Bar className="h-6 w-32" />
      <div className="divide-y divide-line rounded-2xl border border-line bg-surface">
        {[0, 1].map((i) => (
          <div key={i} className="flex gap-3 px-4 py-4 sm:px-5">
            <Bar className="size-7 rounded-full" />
            <div className="flex-1 space-y-2">
              <Bar className="h-3.5 w-36" />
              <Bar className="h-3.5 w-4/5" />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
