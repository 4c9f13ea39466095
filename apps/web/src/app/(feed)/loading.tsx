import { FeedSkeleton } from "@/components/skeletons";

export default function Loading() {
  return (
    <div className="space-y-8">
      <div className="h-9 w-24 animate-pulse rounded-md bg-surface-muted" />
      <div className="h-72 animate-pulse rounded-2xl border border-line bg-surface" />
      <FeedSkeleton />
    </div>
  );
}
