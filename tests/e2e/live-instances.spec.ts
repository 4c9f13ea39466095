import { createConnection, createServer, type Socket } from "node:net";

import { createTrellisClient, type TrellisClient } from "@trellis/client";
import { type AppServer, startAppServer } from "./app-server";
import { createToken, expect, signInViaApi, test } from "./fixtures";
import { newPerson, trpcInput, unique } from "./support";

/** Titles of new posts as a typed-client subscription receives them, with the id of the last. */
function watchPosts(client: TrellisClient, lastEventId?: string) {
  const titles: string[] = [];
  let last: string | undefined;
  let connected!: () => void;
  const started = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const subscription = client.post.onCreated.subscribe(
    { lastEventId },
    {
      onStarted: () => connected(),
      onData: ({ id, data }) => {
        titles.push(data.title);
        last = id;
      },
    },
  );
  return { titles, started, lastId: () => last, stop: () => subscription.unsubscribe() };
}

/**
 * A TCP proxy in front of the app whose connections the test can cut, and
 * which can refuse new ones for a while: a network that blinks.
 */
async function startFlakyProxy(target: URL) {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) return client.destroy();
    const upstream = createConnection(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = address && typeof address === "object" ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Cuts every open connection and refuses new ones until `heal`. */
    cut() {
      refusing = true;
      for (const socket of sockets) socket.destroy();
    },
    heal() {
      refusing = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test("when the connection drops, the client reconnects by itself and gets what it missed, exactly once", async ({
  api,
  page,
  baseURL,
}) => {
  const proxy = await startFlakyProxy(new URL(baseURL ?? ""));
  const { secret } = await createToken(page.request, "read", "flaky network");
  const watcher = watchPosts(createTrellisClient({ url: proxy.url, token: secret }));
  await watcher.started;
  const [before, during1, during2, after] = [unique("Before"), unique("During"), unique("During"), unique("After")];
  await api.post.create.mutate({ title: before, body: "…" });
  await expect.poll(() => watcher.titles).toEqual([before]);

  proxy.cut();
  await api.post.create.mutate({ title: during1, body: "…" });
  await api.post.create.mutate({ title: during2, body: "…" });
  proxy.heal();

  // EventSource retries on its own; the link sends the last event id, and the server replays.
  await expect.poll(() => watcher.titles, { timeout: 20_000 }).toEqual([before, during1, during2]);
  await api.post.create.mutate({ title: after, body: "…" });
  await expect.poll(() => watcher.titles).toEqual([before, during1, during2, after]);
  watcher.stop();
  await proxy.close();
});

test("a subscription started with a last event id replays what came after it, then live posts", async ({ api }) => {
  const [one, two, three, four] = [unique("One"), unique("Two"), unique("Three"), unique("Four")];
  const first = watchPosts(api);
  await first.started;
  await api.post.create.mutate({ title: one, body: "…" });
  await expect.poll(() => first.titles).toEqual([one]);
  first.stop();

  // Offline: two posts land meanwhile.
  await api.post.create.mutate({ title: two, body: "…" });
  await api.post.create.mutate({ title: three, body: "…" });

  // Back, with the last event id, as httpSubscriptionLink sends it on reconnect.
  const resumed = watchPosts(api, first.lastId());
  await resumed.started;
  await api.post.create.mutate({ title: four, body: "…" });
  await expect.poll(() => resumed.titles).toEqual([two, three, four]);
  resumed.stop();
});

test.describe("two instances behind one database and Redis", () => {
  test.skip(!process.env.REDIS_URL, "needs REDIS_URL: the instances share events through Redis");

  let second: AppServer;
  test.beforeAll(async ({ app }) => {
    second = await startAppServer(`second-${test.info().workerIndex}`, app);
  });
  test.afterAll(async () => {
    await second?.stop();
  });

  test("a post written on B reaches a subscriber on A", async ({ api, page }) => {
    const { secret } = await createToken(page.request, "read-write", "instance B");
    const onB = createTrellisClient({ url: second.baseURL, token: secret });
    const onA = watchPosts(api);
    await onA.started;
    const title = unique("Across instances");
    await onB.post.create.mutate({ title, body: "Written on B." });
    await expect.poll(() => onA.titles).toEqual([title]);
    onA.stop();
  });

  test("two browsers on two instances see each other's posts live", async ({ page, user, browser }) => {
    await page.goto("/");
    const other = await browser.newContext({ baseURL: second.baseURL });
    const pageOnB = await other.newPage();
    const person = newPerson("Other");
    await pageOnB.request.post("/api/trpc/account.signUp", trpcInput(person));
    await signInViaApi(pageOnB.request, person);
    await pageOnB.goto("/");
    await expect(pageOnB.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();

    // A writes through its own UI on instance A; B, on instance B, is told.
    const title = unique("From A");
    const compose = page.getByRole("region", { name: "Write a post" });
    await compose.getByLabel("Title").fill(title);
    await compose.getByLabel("Body").fill("Posted on instance A.");
    await compose.getByRole("button", { name: "Post" }).click();
    await expect(page.getByRole("article").filter({ hasText: title })).toBeVisible();

    await pageOnB.getByRole("button", { name: "1 new post" }).click();
    await expect(pageOnB.getByRole("article").filter({ hasText: title })).toBeVisible();
    expect(user.email).toBeTruthy();
    await other.close();
  });
});
