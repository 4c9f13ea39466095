"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createPostInput, POST_TITLE_MAX } from "@trellis/validators";
import { type FormEvent, useState } from "react";

import { describeApiError, type FieldErrors, zodFieldErrors } from "@/lib/field-errors";
import { FEED_PAGE_SIZE } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";

const FIELDS = ["title", "body"] as const;
const EMPTY = { title: "", body: "" };

export function ComposePostForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [justPosted, setJustPosted] = useState(false);

  const create = useMutation(
    trpc.post.create.mutationOptions({
      onSuccess: async (post) => {
        setValues(EMPTY);
        setJustPosted(true);
        // Show the post at the top at once; the refetch below then confirms the order.
        queryClient.setQueryData(trpc.post.list.infiniteQueryKey({ limit: FEED_PAGE_SIZE }), (feed) => {
          const [first, ...rest] = feed?.pages ?? [];
          if (!feed || !first) return feed;
          return { ...feed, pages: [{ ...first, items: [post, ...first.items] }, ...rest] };
        });
        await queryClient.invalidateQueries({ queryKey: trpc.post.list.infiniteQueryKey() });
      },
      onError: (error) => {
        const described = describeApiError(error, FIELDS);
        setFieldErrors(described.fieldErrors);
        setFormError(described.formError);
      },
    }),
  );

  const update = (field: keyof typeof EMPTY) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setJustPosted(false);
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = createPostInput.safeParse(values);
    if (!parsed.success) {
      setFieldErrors(zodFieldErrors(parsed.error));
      return;
    }
    setFieldErrors({});
    create.mutate(parsed.data);
  }

  return (
    <section
      aria-labelledby="compose-heading"
      className="rounded-2xl border border-line bg-surface p-4 shadow-xs sm:p-6"
    >
      <h2 id="compose-heading" className="text-base font-semibold text-ink">
        Write a post
      </h2>
      <p className="mt-1 text-sm text-ink-muted">Share an update with everyone on Trellis.</p>
      <form noValidate onSubmit={onSubmit} className="mt-5 space-y-4">
        <FormField
          label="Title"
          name="title"
          value={values.title}
          onChange={update("title")}
          errors={fieldErrors.title}
          max={POST_TITLE_MAX}
          placeholder="What’s it about?"
        />
        <FormField
          label="Body"
          name="body"
          value={values.body}
          onChange={update("body")}
          errors={fieldErrors.body}
          multiline
          rows={4}
          placeholder="Say more…"
        />
        {formError ? (
          <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
            {formError}
          </p>
        ) : null}
        <div className="flex items-center justify-end gap-3">
          <p role="status" className="text-sm text-ink-muted">
            {justPosted ? "Posted. It’s at the top of the feed." : ""}
          </p>
          <PendingButton type="submit" pending={create.isPending} className={buttonStyles.primary}>
            Post
          </PendingButton>
        </div>
      </form>
    </section>
  );
}
