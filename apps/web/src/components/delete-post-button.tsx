"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { ConfirmDialog } from "./confirm-dialog";
import { TrashIcon } from "./icons";

/** Deleting takes the comments and likes with it, so it asks first. */
export function DeletePostButton({ postId }: { postId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();

  const remove = useMutation(
    trpc.post.delete.mutationOptions({
      onSuccess: async () => {
        router.push("/");
        await queryClient.invalidateQueries({ queryKey: trpc.post.list.infiniteQueryKey() });
      },
    }),
  );

  return (
    <ConfirmDialog
      trigger={
        <button type="button" className={buttonStyles.dangerGhost}>
          <TrashIcon width={16} height={16} />
          Delete post
        </button>
      }
      title="Delete this post?"
      description="Its comments and likes go with it. This can’t be undone."
      confirmLabel="Delete permanently"
      onConfirm={() => remove.mutateAsync({ id: postId })}
    />
  );
}
