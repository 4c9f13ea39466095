"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commentBody } from "@trellis/validators";
import { z } from "zod";

import { useSchemaForm } from "@/lib/use-schema-form";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";
import { useViewer } from "./viewer";

// The body is what the person types; the post id comes from the page (createCommentInput checks both on the server).
const commentForm = z.object({ body: commentBody });

export function CommentForm({ postId }: { postId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const form = useSchemaForm(commentForm, { body: "" });

  const create = useMutation(
    trpc.comment.create.mutationOptions({
      onSuccess: async () => {
        form.reset();
        // Focus fell to <body> while the button was disabled: back to the emptied box, ready for the next
        // reply (unless the person moved on meanwhile); the new comment shows at the end of the thread, just
        // above it.
        form.focusField("body");
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.comment.list.infiniteQueryKey({ postId }) }),
          // The comment count shows on the post and in the feed.
          queryClient.invalidateQueries({ queryKey: trpc.post.byId.queryKey({ id: postId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.post.list.infiniteQueryKey() }),
        ]);
      },
      onError: form.showError,
    }),
  );

  return (
    <form
      noValidate
      onSubmit={form.onSubmit(({ body }) => create.mutate({ postId, body }))}
      aria-label="Add a comment"
      className="space-y-3 rounded-2xl border border-line bg-surface p-4 shadow-xs sm:p-5"
    >
      <FormField
        label="Comment"
        multiline
        rows={3}
        placeholder={`Reply as ${viewer?.name ?? "yourself"}…`}
        {...form.field("body")}
      />
      <FormAlert message={form.formError} />
      <div className="flex justify-end">
        <PendingButton type="submit" pending={create.isPending} className={buttonStyles.primary}>
          Add comment
        </PendingButton>
      </div>
    </form>
  );
}
