"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createCommentInput } from "@trellis/validators";
import { type FormEvent, useState } from "react";

import { describeApiError, type FieldErrors, zodFieldErrors } from "@/lib/field-errors";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";
import { useViewer } from "./viewer";

const FIELDS = ["body"] as const;

export function CommentForm({ postId }: { postId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const [body, setBody] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation(
    trpc.comment.create.mutationOptions({
      onSuccess: async () => {
        setBody("");
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.comment.list.infiniteQueryKey({ postId }) }),
          // The comment count shows on the post and in the feed.
          queryClient.invalidateQueries({ queryKey: trpc.post.byId.queryKey({ id: postId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.post.list.infiniteQueryKey() }),
        ]);
      },
      onError: (error) => {
        const described = describeApiError(error, FIELDS);
        setFieldErrors(described.fieldErrors);
        setFormError(described.formError);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = createCommentInput.safeParse({ postId, body });
    if (!parsed.success) {
      const errors = zodFieldErrors(parsed.error);
      setFieldErrors(errors);
      // postId comes from the page, not the user: if it is wrong, say so once for the whole form.
      if (!errors.body) setFormError(errors.postId?.[0] ?? "This comment can’t be sent.");
      return;
    }
    setFieldErrors({});
    create.mutate(parsed.data);
  }

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      aria-label="Add a comment"
      className="space-y-3 rounded-2xl border border-line bg-surface p-4 shadow-xs sm:p-5"
    >
      <FormField
        label="Comment"
        name="body"
        value={body}
        onChange={setBody}
        errors={fieldErrors.body}
        multiline
        rows={3}
        placeholder={`Reply as ${viewer?.name ?? "yourself"}…`}
      />
      {formError ? (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {formError}
        </p>
      ) : null}
      <div className="flex justify-end">
        <PendingButton type="submit" pending={create.isPending} className={buttonStyles.primary}>
          Add comment
        </PendingButton>
      </div>
    </form>
  );
}
