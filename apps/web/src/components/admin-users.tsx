"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@trellis/api";
import { useDeferredValue, useId, useState } from "react";

import { nextCursor } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { ErrorPanel } from "./error-panel";
import { PendingButton } from "./pending-button";
import { TimeAgo } from "./time-ago";
import { useViewer } from "./viewer";

type AdminUser = RouterOutputs["admin"]["users"]["items"][number];
export const ADMIN_PAGE_SIZE = 20;

/** Everyone, newest first: search by name or email, load more by cursor, change roles. */
export function AdminUsers() {
  const trpc = useTRPC();
  const searchId = useId();
  const [search, setSearch] = useState("");
  // Typing stays smooth; the query follows a beat behind.
  const deferredSearch = useDeferredValue(search.trim());
  const users = useInfiniteQuery(
    trpc.admin.users.infiniteQueryOptions(
      { limit: ADMIN_PAGE_SIZE, search: deferredSearch || undefined },
      { getNextPageParam: nextCursor },
    ),
  );

  return (
    <section aria-labelledby="users-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="users-heading" className="text-lg font-semibold text-ink">
          Users
        </h2>
        <div className="w-full sm:w-64">
          <label htmlFor={searchId} className="sr-only">
            Search users
          </label>
          <input
            id={searchId}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="Search name or email"
            className="block w-full rounded-lg border border-line bg-surface px-3 py-2 text-sm text-ink shadow-xs placeholder:text-ink-subtle hover:border-line-strong"
          />
        </div>
      </div>

      {users.isPending ? (
        <p className="text-sm text-ink-muted">Loading users…</p>
      ) : users.isError ? (
        <ErrorPanel title="Users didn’t load" message={users.error.message} onRetry={() => void users.refetch()} />
      ) : (
        <UserList users={users.data.pages.flatMap((page) => page.items)} />
      )}

      {users.hasNextPage ? (
        <PendingButton
          onClick={() => void users.fetchNextPage()}
          pending={users.isFetchingNextPage}
          className={buttonStyles.secondary}
        >
          Load more users
        </PendingButton>
      ) : null}
    </section>
  );
}

function UserList({ users }: { users: AdminUser[] }) {
  if (users.length === 0) return <p className="text-sm text-ink-muted">No users match.</p>;
  return (
    <ul className="divide-y divide-line overflow-hidden rounded-2xl border border-line bg-surface shadow-xs">
      {users.map((user) => (
        <li key={user.id}>
          <UserRow user={user} />
        </li>
      ))}
    </ul>
  );
}

function UserRow({ user }: { user: AdminUser }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const roleId = useId();
  const setRole = useMutation(
    trpc.admin.setRole.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.infiniteQueryKey() }),
    }),
  );
  const isYou = viewer?.id === user.id;

  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-5">
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-ink">
          {user.name} {isYou ? <span className="text-sm font-normal text-ink-subtle">(you)</span> : null}
        </p>
        <p className="truncate text-sm text-ink-muted">
          {user.email} · joined <TimeAgo date={user.createdAt} />
        </p>
      </div>
      <label htmlFor={roleId} className="sr-only">
        Role of {user.name}
      </label>
      <select
        id={roleId}
        value={setRole.isPending ? setRole.variables.role : user.role}
        disabled={isYou || setRole.isPending}
        title={isYou ? "You cannot change your own role" : undefined}
        onChange={(event) =>
          setRole.mutate({ userId: user.id, role: event.target.value === "admin" ? "admin" : "user" })
        }
        className="rounded-lg border border-line bg-surface px-2.5 py-1.5 text-sm text-ink disabled:opacity-60"
      >
        <option value="user">User</option>
        <option value="admin">Admin</option>
      </select>
      {setRole.isError ? (
        <p role="alert" className="w-full text-sm text-danger">
          {setRole.error.message}
        </p>
      ) : null}
    </div>
  );
}
