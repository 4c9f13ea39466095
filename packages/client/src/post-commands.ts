/**
 * `trellis posts …`: the demo's posts from a shell. Only the demo: `pnpm
 * demo:remove` deletes this file and the `posts` entry of the CLI's table.
 */
import { type CommandGroup, session, text, UsageError } from "./cli-command";
import { createTrellisClient } from "./index";

const createHelp = "Usage: trellis posts create --title TITLE --body BODY\n\nPrints the new post's id.";
const deleteHelp = "Usage: trellis posts delete ID\n\nDeletes a post you wrote (admins: any post).";

export const postCommands: CommandGroup = {
  help: "Usage: trellis posts <list|create|delete|watch> [options]\n\nRun `trellis posts <command> --help` for one command.",
  subcommands: {
    list: {
      synopsis: [["posts list [--limit N] [--json]", "the newest posts"]],
      help: "Usage: trellis posts list [--limit N] [--json]\n\nThe newest posts, 20 by default (at most 50).",
      options: { limit: { type: "string" }, json: { type: "boolean" } },
      async run(values) {
        const limitText = text(values, "limit");
        const limit = limitText === undefined ? 20 : Number(limitText);
        if (!Number.isInteger(limit)) throw new UsageError("--limit must be a whole number");
        const page = await createTrellisClient(session()).post.list.query({ limit });
        if (values.json) {
          console.log(JSON.stringify(page.items, null, 2));
          return;
        }
        for (const post of page.items) {
          console.log(`${post.id}  ${post.createdAt.toISOString().slice(0, 10)}  ${post.title}  — ${post.author.name}`);
        }
      },
    },
    create: {
      synopsis: [["posts create --title T --body B", "write a post (needs a read-write token)"]],
      help: createHelp,
      options: { title: { type: "string" }, body: { type: "string" } },
      async run(values) {
        const title = text(values, "title");
        const body = text(values, "body");
        if (title === undefined || body === undefined) throw new UsageError(createHelp);
        const post = await createTrellisClient(session()).post.create.mutate({ title, body });
        console.log(post.id);
      },
    },
    delete: {
      synopsis: [["posts delete ID", "delete one of your posts"]],
      help: deleteHelp,
      async run(_values, [id]) {
        if (!id) throw new UsageError(deleteHelp);
        await createTrellisClient(session()).post.delete.mutate({ id });
        console.log(`Deleted ${id}`);
      },
    },
    watch: {
      synopsis: [["posts watch [--json]", "print new posts as they are written, until Ctrl-C"]],
      help: "Usage: trellis posts watch [--json]\n\nPrints each new post as it is written (one JSON object per line with --json),\nreconnecting and resuming by itself, until interrupted.",
      options: { json: { type: "boolean" } },
      async run(values) {
        const client = createTrellisClient(session());
        await new Promise<void>((resolve, reject) => {
          const subscription = client.post.onCreated.subscribe(
            {},
            {
              // Said once the stream is open, so a script can wait for it before writing.
              onStarted: () => console.error("Watching for new posts (Ctrl-C to stop)…"),
              onData: ({ data: post }) => {
                if (values.json) console.log(JSON.stringify(post));
                else console.log(`${post.id}  ${post.createdAt.toISOString()}  ${post.title}  — ${post.author.name}`);
              },
              onError: reject,
            },
          );
          process.once("SIGINT", () => {
            subscription.unsubscribe();
            resolve();
          });
        });
      },
    },
  },
};
