/**
 * Writes src/app/favicon.ico from src/app/icon.svg: 16, 32 and 48 px PNGs in
 * one ICO. Browsers and feed readers ask for /favicon.ico whatever the page
 * links to; the file is committed, so the build renders nothing. Run it again
 * after changing the SVG: `node apps/web/scripts/make-favicon.mjs`.
 */
import { readFileSync, writeFileSync } from "node:fs";

import { chromium } from "@playwright/test";

import { findChromium } from "../../../scripts/chromium.mjs";

const app = new URL("../src/app/", import.meta.url);
const svg = readFileSync(new URL("icon.svg", app), "utf8");
const sizes = [16, 32, 48];

const browser = await chromium.launch({ executablePath: findChromium()?.executablePath, args: ["--no-sandbox"] });
const images = [];
for (const size of sizes) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const sized = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
  images.push(await page.screenshot({ omitBackground: true, type: "png" }));
  await page.close();
}
await browser.close();

// ICONDIR (6 bytes), one ICONDIRENTRY (16 bytes) per image, then the PNGs.
const header = Buffer.alloc(6 + 16 * images.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2); // 1 = icon
header.writeUInt16LE(images.length, 4);
let offset = header.length;
images.forEach((png, i) => {
  const entry = 6 + 16 * i;
  header.writeUInt8(sizes[i] % 256, entry); // 0 would mean 256
  header.writeUInt8(sizes[i] % 256, entry + 1);
  header.writeUInt16LE(1, entry + 4); // colour planes
  header.writeUInt16LE(32, entry + 6); // bits per pixel
  header.writeUInt32LE(png.length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += png.length;
});
writeFileSync(new URL("favicon.ico", app), Buffer.concat([header, ...images]));
console.log(`favicon.ico: ${sizes.join(", ")} px, ${offset} bytes`);
