"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@trellis/api";
import { useDeferredValue, useId, useRef, useState } from "react";

import { nextCursor } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { ConfirmDialog } from "./confirm-dialog";
import { ErrorPanel } from "./error-panel";
import { PendingButton } from "./pending-button";
import { TimeAgo } from "./time-ago";
import { useViewer } from "./viewer";

type AdminUser = RouterOutputs["admin"]["users"]["items"][number];
type Role = AdminUser["role"];
export const ADMIN_PAGE_SIZE = 20;

/** Everyone, newest first: search by name or email, load more by cursor, change roles. */
export function AdminUsers() {
  const trpc = useTRPC();
  const searchId = useId();
  const [search, setSearch] = useState("");
  const [roleChanged, setRoleChanged] = useState("");
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

      {/* Always in the page, so screen readers hear it when its text changes. */}
      <p role="status" className="text-sm text-ink-muted">
        {roleChanged}
      </p>

      {users.isPending ? (
        <p className="text-sm text-ink-muted">Loading users…</p>
      ) : users.isError ? (
        <ErrorPanel title="Users didn’t load" message={users.error.message} onRetry={() => void users.refetch()} />
      ) : (
        <UserList users={users.data.pages.flatMap((page) => page.items)} onRoleChanged={setRoleChanged} />
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

type OnRoleChanged = (message: string) => void;

function UserList({ users, onRoleChanged }: { users: AdminUser[]; onRoleChanged: OnRoleChanged }) {
  if (users.length === 0) return <p className="text-sm text-ink-muted">No users match.</p>;
  return (
    <ul className="divide-y divide-line overflow-hidden rounded-2xl border border-line bg-surface shadow-xs">
      {users.map((user) => (
        <li key={user.id}>
          <UserRow user={user} onRoleChanged={onRoleChanged} />
        </li>
      ))}
    </ul>
  );
}

const roleName = (role: Role) => (role === "admin" ? "an admin" : "a user");

function UserRow({ user, onRoleChanged }: { user: AdminUser; onRoleChanged: OnRoleChanged }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const roleId = useId();
  const selectRef = useRef<HTMLSelectElement>(null);
  // The role picked in the select (null: none picked, the select shows the current role). Picking only
  // selects: arrow keys on a closed select fire change on some systems, so a dialog opened on change would
  // open on every keypress. "Change role" asks for confirmation of the role picked.
  const [choice, setChoice] = useState<Role | null>(null);
  // The role waiting for the admin to confirm it in the dialog.
  const [proposed, setProposed] = useState<Role | null>(null);
  const setRole = useMutation(
    trpc.admin.setRole.mutationOptions({
      onSuccess: ({ role }) => onRoleChanged(`${user.name} is now ${roleName(role)}.`),
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
        {/* A long email is cut short, never the date: on a phone the date has a line of its own. */}
        <p className="text-sm text-ink-muted sm:flex sm:gap-x-1">
          <span className="block min-w-0 truncate">{user.email}</span>
          <span className="block shrink-0 whitespace-nowrap">
            <span className="hidden sm:inline">· </span>joined <TimeAgo date={user.createdAt} />
          </span>
          <span className="block shrink-0 whitespace-nowrap">
            <span className="hidden sm:inline">· </span>two-factor {user.twoFactor ? "on" : "off"}
          </span>
        </p>
      </div>
      {/* Your own is turned off in Settings, with a code: the server refuses it here. */}
      {user.twoFactor && !isYou ? <ResetTwoFactor user={user} onReset={onRoleChanged} /> : null}
      <label htmlFor={roleId} className="sr-only">
        Role of {user.name}
      </label>
      <div className="flex items-center gap-2">
        <select
          id={roleId}
          ref={selectRef}
          value={setRole.isPending ? setRole.variables.role : (choice ?? user.role)}
          disabled={isYou || setRole.isPending}
          title={isYou ? "You cannot change your own role" : undefined}
          onChange={(event) => setChoice(event.target.value === "admin" ? "admin" : "user")}
          className="rounded-lg border border-line bg-surface px-2.5 py-1.5 text-sm text-ink disabled:opacity-60"
        >
          <option value="user">User</option>
          <option value="admin">Admin</option>
        </select>
        <button
          type="button"
          aria-label={`Change role for ${user.name}`}
          disabled={isYou || setRole.isPending || choice === null || choice === user.role}
          onClick={() => setProposed(choice)}
          className={buttonStyles.secondary}
        >
          Change role
        </button>
      </div>
      <ConfirmDialog
        open={proposed !== null}
        onOpenChange={(open) => {
          if (open) return;
          // Cancelled or done: the select shows the current role again (the new one once it is saved).
          setProposed(null);
          setChoice(null);
        }}
        returnFocusTo={selectRef}
        title={proposed === "admin" ? `Make ${user.name} an admin?` : `Make ${user.name} a user?`}
        description={
          proposed === "admin"
            ? "An admin can delete anyone’s posts and comments, and change anyone’s role."
            : "They lose the admin page and can change only their own posts and comments."
        }
        confirmLabel={proposed === "admin" ? "Make admin" : "Make user"}
        onConfirm={() => setRole.mutateAsync({ userId: user.id, role: proposed ?? user.role })}
      />
    </div>
  );
}

/**
 * Turns off a user's two-factor — a lost phone and lost recovery codes — after
 * a confirmation: they sign in with their password alone until they set it up again.
 */
function ResetTwoFactor({ user, onReset }: { user: AdminUser; onReset: OnRoleChanged }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reset = useMutation(
    trpc.admin.resetTwoFactor.mutationOptions({
      onSuccess: () => onReset(`Two-factor is off for ${user.name}.`),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.infiniteQueryKey() }),
    }),
  );
  return (
    <ConfirmDialog
      trigger={
        <button type="button" aria-label={`Reset two-factor for ${user.name}`} className={buttonStyles.dangerGhost}>
          Reset two-factor
        </button>
      }
      title={`Reset two-factor for ${user.name}?`}
      description="Their authenticator app and recovery codes stop working and every session of theirs ends: they sign in with their password alone until they set two-factor up again. Do this only once you are sure it is them asking."
      confirmLabel="Reset two-factor"
      onConfirm={() => reset.mutateAsync({ userId: user.id })}
      focusAfterDone={() => document.getElementById("users-heading")}
    />
  );
}
