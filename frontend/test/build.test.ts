// The committed card (custom_components/netwatch/frontend/netwatch-card.js) must equal a fresh build.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { buildCard, OUTFILE } from "../build.mjs";

it("committed netwatch-card.js equals a fresh build (run `npm run build` in frontend/ if not)", async () => {
  const fresh: string = await buildCard();
  const committed = readFileSync(OUTFILE, "utf8");
  assert.ok(committed === fresh, `${OUTFILE} is stale: run \`npm run build\` in frontend/`);
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  assert.ok(fresh.startsWith(`/*! netwatch-card ${pkg.version} `), "version banner");
});
