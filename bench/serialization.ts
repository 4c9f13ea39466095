/**
 * What the wire format costs per feed page (20 posts), as tRPC writes it —
 * the transformer's output inside the JSON envelope — and reads it back:
 * devalue (the app's transformer: Dates arrive as Dates), superjson (the
 * usual choice, and this app's before ADR 019), and plain JSON (Dates would
 * arrive as ISO strings). `pnpm bench:serialization`. Prints µs per page.
 */

import { transformer } from "@trellis/api/transformer";
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

function time(run: () => unknown): number {
  for (let i = 0; i < ROUNDS / 10; i++) run(); // warm up
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) run();
  return ((performance.now() - started) * 1000) / ROUNDS;
}

type Format = { name: string; write: (value: unknown) => string; read: (text: string) => unknown };
const envelope = (data: unknown) => JSON.stringify({ result: { data } });
const unwrap = (text: string) => (JSON.parse(text) as { result: { data: unknown } }).result.data;
const formats: Format[] = [
  { name: "JSON (dates as strings)", write: envelope, read: unwrap },
  {
    name: "devalue (the app's)",
    write: (value) => envelope(transformer.output.serialize(value)),
    read: (text) => transformer.output.deserialize(unwrap(text)),
  },
  {
    name: "superjson",
    write: (value) => envelope(superjson.serialize(value)),
    read: (text) => superjson.deserialize(unwrap(text) as Parameters<typeof superjson.deserialize>[0]),
  },
];

console.log(`Node ${process.versions.node}, a feed page of 20 posts, ${ROUNDS} rounds\n`);
console.log(`${"format".padEnd(26)} ${"write µs".padStart(9)} ${"read µs".padStart(8)} ${"bytes".padStart(7)}`);
const rows = formats.map((format) => {
  const text = format.write(page);
  const row = {
    name: format.name,
    write: time(() => format.write(page)),
    read: time(() => format.read(text)),
    bytes: text.length,
  };
  console.log(
    `${row.name.padEnd(26)} ${row.write.toFixed(1).padStart(9)} ${row.read.toFixed(1).padStart(8)} ${String(row.bytes).padStart(7)}`,
  );
  return row;
});
const [json, devalue, superjsonRow] = rows;
if (json && devalue && superjsonRow) {
  console.log(
    `\ndevalue writes ${(superjsonRow.write / devalue.write).toFixed(1)}× faster than superjson ` +
      `(${(devalue.write / json.write).toFixed(1)}× JSON) and reads ${(superjsonRow.read / devalue.read).toFixed(1)}× faster.`,
  );
}
