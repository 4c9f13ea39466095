/**
 * What the wire format costs per feed page (20 posts): superjson (the app's
 * transformer: Dates arrive as Dates) against plain JSON (Dates as ISO
 * strings). `pnpm bench:serialization`. Prints µs per page for each way.
 */
import superjson from "superjson";

const ROUNDS = Number(process.env.ROUNDS ?? 20_000);
const now = Date.now();
const page = {
  items: Array.from({ length: 20 }, (_, i) => ({
    id: `01937c4e-8a4b-7c3e-9f10-${String(i).padStart(12, "0")}`,
    title: `Post ${i}`,
    body: "A post of about the length people write. ".repeat(4),
    createdAt: new Date(now - i * 60_000),
    updatedAt: new Date(now - i * 60_000),
    author: { id: "01937c4e-7d21-7a6b-8c3d-4e5f60718293", name: "Demo User" },
    likeCount: i * 3,
    commentCount: i,
    viewerHasLiked: i % 2 === 0,
  })),
  nextCursor: "eyJ0IjoxNzk1NTgyMTA5ODM0LCJpZCI6IjAxYTIxMjFiIn0",
};

function time(label: string, run: () => unknown) {
  for (let i = 0; i < ROUNDS / 10; i++) run(); // warm up
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) run();
  const micros = ((performance.now() - started) * 1000) / ROUNDS;
  console.log(`${label.padEnd(36)} ${micros.toFixed(1).padStart(7)} µs per page`);
  return micros;
}

console.log(`Node ${process.versions.node}, a feed page of 20 posts, ${ROUNDS} rounds\n`);
const jsonText = JSON.stringify(page);
const superText = superjson.stringify(page);
const [jsonOut, superOut] = [
  time("JSON.stringify", () => JSON.stringify(page)),
  time("superjson.stringify", () => superjson.stringify(page)),
];
const [jsonIn, superIn] = [
  time("JSON.parse", () => JSON.parse(jsonText)),
  time("superjson.parse", () => superjson.parse(superText)),
];
console.log(
  `\nsuperjson costs ${(superOut / jsonOut).toFixed(1)}× JSON to write and ${(superIn / jsonIn).toFixed(1)}× to read;`,
);
console.log(`bytes: JSON ${jsonText.length}, superjson ${superText.length}`);
