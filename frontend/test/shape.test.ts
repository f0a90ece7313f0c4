// Data shaping: expected values come from the definitions (Unicode regional indicators, SI prefixes,
// geometry, the tz database), not from running the code.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ageLabel,
  arcPath,
  areaPath,
  bucketLabel,
  countryName,
  donutArcs,
  durationLabel,
  flagEmoji,
  formatBytes,
  formatRate,
  groupFactor,
  groupSums,
  linePath,
  niceMax,
  percentages,
  portLabel,
  protocolLabel,
  stack,
  tickIndices,
  toPoints,
  topN,
  tzOffsetSeconds,
} from "../src/shape.ts";

describe("flagEmoji", () => {
  it("maps ISO letters to regional indicator symbols", () => {
    // U+1F1FA REGIONAL INDICATOR SYMBOL LETTER U, U+1F1F8 ... LETTER S
    assert.equal(flagEmoji("US"), "\u{1F1FA}\u{1F1F8}");
    assert.equal(flagEmoji("cn"), "\u{1F1E8}\u{1F1F3}");
    assert.equal(flagEmoji("GB"), "\u{1F1EC}\u{1F1E7}");
  });
  it("falls back to a globe for unknown or malformed codes", () => {
    for (const bad of [null, undefined, "", "USA", "1A", "Ü1"]) assert.equal(flagEmoji(bad), "\u{1F310}");
  });
});

describe("countryName", () => {
  it("names countries in the user's language and says Unknown for null", () => {
    assert.equal(countryName("DE", "en"), "Germany");
    assert.equal(countryName("DE", "de"), "Deutschland");
    assert.equal(countryName(null), "Unknown");
  });
});

describe("formatBytes / formatRate", () => {
  it("uses SI prefixes (1 kB = 1000 B)", () => {
    assert.equal(formatBytes(0), "0 B");
    assert.equal(formatBytes(999), "999 B");
    assert.equal(formatBytes(1000), "1.00 kB");
    assert.equal(formatBytes(1500), "1.50 kB");
    assert.equal(formatBytes(45_000), "45.0 kB");
    assert.equal(formatBytes(123_456_789), "123 MB");
    assert.equal(formatBytes(2.5e12), "2.50 TB");
  });
  it("does not show 1000 kB where 1.00 MB belongs", () => {
    assert.equal(formatBytes(999_999), "1.00 MB");
  });
  it("handles non-finite values", () => {
    assert.equal(formatBytes(Number.NaN), "–");
  });
  it("shows byte rates as bits per second", () => {
    assert.equal(formatRate(125_000), "1.00 Mbit/s"); // 125 kB/s × 8 = 1 Mbit/s
    assert.equal(formatRate(100), "800 bit/s");
  });
});

describe("percentages", () => {
  it("sums to exactly 100 with largest remainders", () => {
    assert.deepEqual(percentages([1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(percentages([1, 3]), [25, 75]);
    const p = percentages([7, 13, 29, 51, 2, 3]);
    assert.equal(p.reduce((a, b) => a + b, 0), 100);
  });
  it("gives zeros for an all-zero input and ignores negatives", () => {
    assert.deepEqual(percentages([0, 0]), [0, 0]);
    assert.deepEqual(percentages([-5, 5]), [0, 100]);
  });
});

describe("topN", () => {
  const other = (sum: number, folded: number) => ({ k: `other(${folded})`, v: sum });
  it("keeps the n largest and folds the rest into other", () => {
    const items = [{ k: "a", v: 1 }, { k: "b", v: 9 }, { k: "c", v: 5 }, { k: "d", v: 3 }];
    assert.deepEqual(topN(items, 2, (i) => i.v, other), [{ k: "b", v: 9 }, { k: "c", v: 5 }, { k: "other(2)", v: 4 }]);
  });
  it("adds no other entry when nothing is folded", () => {
    assert.deepEqual(topN([{ k: "a", v: 2 }], 3, (i) => i.v, other), [{ k: "a", v: 2 }]);
    assert.deepEqual(topN([{ k: "a", v: 2 }, { k: "z", v: 0 }], 1, (i) => i.v, other), [{ k: "a", v: 2 }]);
  });
});

describe("grouping buckets", () => {
  it("picks round durations: 24 h of minutes into 15-minute groups for ≤ 96 bars", () => {
    assert.equal(groupFactor(1440, 60, 96), 15);
    assert.equal(groupFactor(60, 60, 96), 1);
    assert.equal(groupFactor(168, 3600, 96), 2);
    assert.equal(groupFactor(720, 3600, 96), 8);
    assert.equal(groupFactor(1440, 60, 120), 15);
  });
  it("sums groups, keeping every count", () => {
    assert.deepEqual(groupSums([1, 2, 3, 4, 5], 2), [3, 7, 5]);
    const counts = Array.from({ length: 1440 }, (_, i) => i % 7);
    const g = groupSums(counts, 15);
    assert.equal(g.length, 96);
    assert.equal(g.reduce((a, b) => a + b, 0), counts.reduce((a, b) => a + b, 0));
  });
  it("labels durations", () => {
    assert.equal(durationLabel(60), "1 min");
    assert.equal(durationLabel(900), "15 min");
    assert.equal(durationLabel(7200), "2 h");
    assert.equal(durationLabel(86400), "1 d");
  });
});

describe("SVG geometry", () => {
  it("niceMax rounds up to 1/2/5 × 10^k", () => {
    assert.equal(niceMax(0), 1);
    assert.equal(niceMax(0.3), 1);
    assert.equal(niceMax(7), 10);
    assert.equal(niceMax(10), 10);
    assert.equal(niceMax(11), 20);
    assert.equal(niceMax(420), 500);
  });
  it("maps values into the box with y downwards", () => {
    assert.deepEqual(toPoints([0, 5, 10], 100, 50, 10), [[0, 50], [50, 25], [100, 0]]);
    assert.deepEqual(toPoints([20], 100, 50, 10), [[50, 0]]); // clamped to the top, centred
  });
  it("builds line and closed area paths", () => {
    assert.equal(linePath([[0, 50], [50, 25]]), "M0,50L50,25");
    assert.equal(areaPath([[0, 10], [10, 0]], [[0, 20], [10, 20]]), "M0,10L10,0L10,20L0,20Z");
  });
  it("stacks series cumulatively", () => {
    assert.deepEqual(stack([[1, 2], [3, 4], [0, 1]]), [[1, 2], [4, 6], [4, 7]]);
  });
  it("splits a donut by share, clockwise from 12 o'clock", () => {
    const arcs = donutArcs([1, 1, 2], 50, 50, 40, 20);
    assert.deepEqual(arcs.map((a) => +a.start.toFixed(6)), [0, +(Math.PI / 2).toFixed(6), +Math.PI.toFixed(6)]);
    assert.ok(Math.abs(arcs[2].end - 2 * Math.PI) < 1e-9);
    // A quarter from 12 o'clock on a circle of r=40 around (50,50) ends at 3 o'clock: (90,50).
    assert.ok(arcs[0].path.startsWith("M50,10A40,40 0 0 1 90,50L70,50A20,20 0 0 0 50,30Z"));
  });
  it("draws a full ring as two half arcs and nothing for an empty slice", () => {
    assert.equal((arcPath(0, 0, 10, 5, 0, 2 * Math.PI).match(/A/g) ?? []).length, 4);
    assert.equal(arcPath(0, 0, 10, 5, 1, 1), "");
    assert.deepEqual(donutArcs([0, 0], 0, 0, 1, 0.5).map((a) => a.path), ["", ""]);
  });
});

describe("time labels", () => {
  const winter = Date.parse("2026-11-27T20:00:00Z") / 1000;
  const summer = Date.parse("2026-07-01T12:00:00Z") / 1000;
  it("knows time zone offsets from the tz database", () => {
    assert.equal(tzOffsetSeconds(winter, "UTC"), 0);
    assert.equal(tzOffsetSeconds(winter, "Europe/Berlin"), 3600); // CET
    assert.equal(tzOffsetSeconds(summer, "Europe/Berlin"), 7200); // CEST
    assert.equal(tzOffsetSeconds(winter, "Asia/Kolkata"), 19800); // IST, +05:30
  });
  it("formats bucket labels per range", () => {
    assert.equal(bucketLabel(winter, "24h", "en", "UTC"), "20:00");
    assert.equal(bucketLabel(winter, "1h", "en", "Europe/Berlin"), "21:00");
    assert.equal(bucketLabel(winter, "7d", "en", "UTC"), "Fri 20:00"); // 2026-11-27 is a Friday
    assert.equal(bucketLabel(winter, "30d", "en", "UTC"), "Nov 27");
  });
  it("puts ticks on round local times", () => {
    const day = Array.from({ length: 1440 }, (_, i) => winter - 86400 + i * 60);
    const utc = tickIndices(day, "24h", "UTC").map((i) => bucketLabel(day[i], "24h", "en", "UTC"));
    assert.deepEqual(utc, ["20:00", "00:00", "04:00", "08:00", "12:00", "16:00"]); // starts 20:00 UTC
    const berlin = tickIndices(day, "24h", "Europe/Berlin").map((i) => bucketLabel(day[i], "24h", "en", "Europe/Berlin"));
    assert.deepEqual(berlin, ["00:00", "04:00", "08:00", "12:00", "16:00", "20:00"]);
    const hour = Array.from({ length: 60 }, (_, i) => winter - 3600 + i * 60);
    assert.deepEqual(tickIndices(hour, "1h", "UTC"), [0, 15, 30, 45]);
  });
});

describe("labels", () => {
  it("names protocols and ports", () => {
    assert.equal(protocolLabel("tcp"), "TCP");
    assert.equal(protocolLabel("ipv6-icmp"), "ICMPv6");
    assert.equal(protocolLabel("47"), "proto 47");
    assert.equal(portLabel(23, "tcp", "telnet"), "23/TCP (telnet)");
    assert.equal(portLabel(0, "icmp", null), "ICMP");
  });
  it("gives relative ages", () => {
    const now = Date.parse("2026-11-27T20:00:00Z");
    assert.equal(ageLabel("2026-11-27T19:59:48Z", now), "12 s");
    assert.equal(ageLabel("2026-11-27T19:55:00Z", now), "5 min");
    assert.equal(ageLabel("2026-11-25T20:00:00Z", now), "2 d");
    assert.equal(ageLabel(null, now), "–");
  });
});
