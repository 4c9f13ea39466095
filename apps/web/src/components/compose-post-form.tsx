"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createPostInput, POST_TITLE_MAX } from "@trellis/validators";
import { useState } from "react";

import { FEED_PAGE_SIZE } from "@/lib/pages";
import { useSchemaForm } from "@/lib/use-schema-form";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";

export function ComposePostForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The same zod schema the create procedure validates with: the browser checks first, the server again.
  const form = useSchemaForm(createPostInput, { title: "", body: "" });
  const [justPosted, setJustPosted] = useState(false);

  const create = useMutation(
    trpc.post.create.mutationOptions({
      onSuccess: async (post) => {
        form.reset();
        setJustPosted(true);
        // Focus fell to <body> while "Post" was disabled (focusField leaves it alone if the person moved on
        // meanwhile). Back to the emptied title rather than to the new
        // post: the form stays where it was, "Posted." is announced from beside it, and the next post starts
        // there; the new post is a Tab or two away, first in the feed below, and the live feed may put other
        // posts above it by the time one gets there.
        form.focusField("title");
        // Show the post at the top at once; the refetch below then confirms the order.
        queryClient.setQueryData(trpc.post.list.infiniteQueryKey({ limit: FEED_PAGE_SIZE }), (feed) => {
          const [first, ...rest] = feed?.pages ?? [];
          if (!feed || !first) return feed;
          return { ...feed, pages: [{ ...first, items: [post, ...first.items] }, ...rest] };
        });
        await queryClient.invalidateQueries({ queryKey: trpc.post.list.infiniteQueryKey() });
      },
      onError: form.showError,
    }),
  );

  // Typing again clears "Posted.": it described the last post, not this one.
  const field = (name: "title" | "body") => {
    const bound = form.field(name);
    return {
      ...bound,
      onChange: (value: string) => {
        bound.onChange(value);
        setJustPosted(false);
      },
    };
  };

  return (
    <section
      aria-labelledby="compose-heading"
      className="rounded-2xl border border-line bg-surface p-4 shadow-xs sm:p-6"
    >
      <h2 id="compose-heading" className="text-base font-semibold text-ink">
        Write a post
      </h2>
      <p className="mt-1 text-sm text-ink-muted">Share an update with everyone on Trellis.</p>
      <form noValidate onSubmit={form.onSubmit((input) => create.mutate(input))} className="mt-5 space-y-4">
        <FormField label="Title" max={POST_TITLE_MAX} placeholder="What’s it about?" {...field("title")} />
        <FormField label="Body" multiline rows={4} placeholder="Say more…" {...field("body")} />
        <FormAlert message={form.formError} />
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
