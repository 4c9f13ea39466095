import { describe, expect, it } from "vitest";

import { formatDateTimeUtc, formatDateUtc, formatRelative } from "./dates";

const now = new Date("2026-03-10T12:00:00Z");
const at = (secondsFromNow: number) => new Date(now.getTime() + secondsFromNow * 1000);

describe("formatRelative", () => {
  it("says what Intl.RelativeTimeFormat says, second by second up to a week either way", () => {
    const intl = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
    const week = 7 * 24 * 60 * 60;
    for (let seconds = 45; seconds < week; seconds += seconds < 2 * 60 * 60 ? 1 : 17) {
      for (const signed of [-seconds, seconds]) {
        const size = seconds >= 24 * 60 * 60 ? 24 * 60 * 60 : seconds >= 60 * 60 ? 60 * 60 : 60;
        const unit = size === 60 ? "minute" : size === 60 * 60 ? "hour" : "day";
        expect(formatRelative(at(signed), now), `${signed} s`).toBe(intl.format(Math.round(signed / size), unit));
      }
    }
  });

  it("reads naturally where it matters", () => {
    expect(formatRelative(at(-10), now)).toBe("just now");
    expect(formatRelative(at(10), now)).toBe("just now");
    expect(formatRelative(at(-60), now)).toBe("1 minute ago");
    expect(formatRelative(at(-5 * 60), now)).toBe("5 minutes ago");
    expect(formatRelative(at(-3 * 60 * 60), now)).toBe("3 hours ago");
    expect(formatRelative(at(-26 * 60 * 60), now)).toBe("yesterday");
    expect(formatRelative(at(-3 * 24 * 60 * 60), now)).toBe("3 days ago");
    expect(formatRelative(at(2 * 60), now)).toBe("in 2 minutes");
  });

  it("gives the date from a week on", () => {
    expect(formatRelative(at(-8 * 24 * 60 * 60), now)).toBe("Mar 2, 2026");
    expect(formatRelative(at(-7 * 24 * 60 * 60), now)).toBe(formatDateUtc(at(-7 * 24 * 60 * 60)));
  });
});

describe("the server-rendered forms", () => {
  it("are built in UTC, the same on every machine", () => {
    expect(formatDateUtc(new Date("2026-03-03T23:30:00Z"))).toBe("Mar 3, 2026");
    expect(formatDateTimeUtc(new Date("2026-03-03T14:05:00Z"))).toBe("Mar 3, 2026, 14:05 UTC");
  });
});
