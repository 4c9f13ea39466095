import { describe, expect, it } from "vitest";

import { csvCell, parseCsv, toCsv, UTF8_BOM } from "./csv";

describe("CSV cells", () => {
  it("quote commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
  });

  it.each(["=1+1", "+1", "-1", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://evil","x")'])(
    "neutralize text a spreadsheet would run as a formula: %j",
    (text) => {
      expect(parseCsv(toCsv([[text]]))).toEqual([[`'${text}`]]);
    },
  );

  it("leave the app's own numbers and dates as they are", () => {
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(new Date("2030-01-02T03:04:05.006Z"))).toBe("2030-01-02T03:04:05.006Z");
    expect(csvCell("a=b")).toBe("a=b"); // only a leading = is a formula
  });
});

describe("CSV files", () => {
  it("end every row with CRLF and read back to the same cells", () => {
    const rows = [
      ["id", "title"],
      ["1", 'A "quoted", multi-line\r\ntitle'],
      ["2", ""],
    ];
    const csv = toCsv(rows);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.split("\r\n")[0]).toBe(`${UTF8_BOM}id,title`);
    expect(parseCsv(csv)).toEqual(rows);
  });
});

describe("CSV files outside ASCII", () => {
  it("start with the UTF-8 byte-order mark, so Excel reads names and titles as UTF-8", () => {
    const rows = [
      ["author_name", "title"],
      ["Zoë Ångström", "Crème brûlée, 東京 — naïve café ☕"],
    ];
    const bytes = Buffer.from(toCsv(rows), "utf8");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toBe(
      'author_name,title\r\nZoë Ångström,"Crème brûlée, 東京 — naïve café ☕"\r\n',
    );
    expect(parseCsv(bytes.toString("utf8"))).toEqual(rows);
  });

  it("read back a file without the mark as well", () => {
    expect(parseCsv("naïve,café\r\n")).toEqual([["naïve", "café"]]);
  });
});
