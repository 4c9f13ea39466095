"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createPostInput, POST_TITLE_MAX } from "@trellis/validators";
import { useEffect, useRef } from "react";

import { useSchemaForm } from "@/lib/use-schema-form";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";

/**
 * Edits a post in place; the same schema as writing one. It opens with focus
 * in the title (it replaced the text the reader was on), and Escape cancels,
 * as Cancel does; the page then puts focus back on "Edit post".
 */
export function EditPostForm({
  post,
  onDone,
}: {
  post: { id: string; title: string; body: string };
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useSchemaForm(createPostInput, { title: post.title, body: post.body });
  const element = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const title = element.current?.elements.namedItem("title");
    if (title instanceof HTMLInputElement) title.focus();
  }, []);
  const save = useMutation(
    trpc.post.update.mutationOptions({
      onSuccess: async (updated) => {
        queryClient.setQueryData(trpc.post.byId.queryKey({ id: post.id }), updated);
        await queryClient.invalidateQueries({ queryKey: trpc.post.list.infiniteQueryKey() });
        onDone();
      },
      onError: form.showError,
    }),
  );

  return (
    <form
      ref={element}
      noValidate
      aria-label="Edit post"
      onKeyDown={(event) => {
        // Escape while an IME composition is open cancels the composition, not the edit.
        if (event.key === "Escape" && !event.nativeEvent.isComposing && !save.isPending) {
          event.preventDefault();
          onDone();
        }
      }}
      onSubmit={form.onSubmit((input) => save.mutate({ id: post.id, ...input }))}
      className="space-y-4"
    >
      <FormField label="Title" max={POST_TITLE_MAX} {...form.field("title")} />
      <FormField label="Body" multiline rows={8} {...form.field("body")} />
      <FormAlert message={form.formError} />
      <div className="flex justify-end gap-3">
        <button type="button" onClick={onDone} className={buttonStyles.secondary}>
          Cancel
        </button>
        <PendingButton type="submit" pending={save.isPending} className={buttonStyles.primary}>
          Save changes
        </PendingButton>
      </div>
    </form>
  );
}
