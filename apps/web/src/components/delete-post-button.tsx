"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useRef } from "react";

import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { TrashIcon } from "./icons";
import { PendingButton } from "./pending-button";

/** Deleting takes the comments and likes with it, so it asks first, in a real modal dialog. */
export function DeletePostButton({ postId }: { postId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const descriptionId = useId();

  const remove = useMutation(
    trpc.post.delete.mutationOptions({
      onSuccess: async () => {
        dialogRef.current?.close();
        router.push("/");
        await queryClient.invalidateQueries({ queryKey: trpc.post.list.infiniteQueryKey() });
      },
    }),
  );

  return (
    <>
      <button type="button" onClick={() => dialogRef.current?.showModal()} className={buttonStyles.dangerGhost}>
        <TrashIcon width={16} height={16} />
        Delete post
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={headingId}
        aria-describedby={descriptionId}
        onClose={() => remove.reset()}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl border border-line bg-surface p-6 text-ink shadow-xl backdrop:bg-black/40 backdrop:backdrop-blur-[2px]"
      >
        <h2 id={headingId} className="text-lg font-semibold">
          Delete this post?
        </h2>
        <p id={descriptionId} className="mt-2 text-sm text-ink-muted">
          Its comments and likes go with it. This can’t be undone.
        </p>
        {remove.isError ? (
          <p role="alert" className="mt-4 rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
            {remove.error.message}
          </p>
        ) : null}
        <div className="mt-6 flex justify-end gap-3">
          <button type="button" onClick={() => dialogRef.current?.close()} className={buttonStyles.secondary}>
            Cancel
          </button>
          <PendingButton
            onClick={() => remove.mutate({ id: postId })}
            pending={remove.isPending}
            className={buttonStyles.danger}
          >
            Delete permanently
          </PendingButton>
        </div>
      </dialog>
    </>
  );
}
