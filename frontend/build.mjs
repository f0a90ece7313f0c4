// Build the card: bundle src/netwatch-card.ts (Lit included) into one minified ES module.
//   node build.mjs           write ../custom_components/netwatch/frontend/netwatch-card.js
//   node build.mjs --check   exit 1 if the committed file differs from a fresh build
import { build } from "esbuild";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
export const OUTFILE = fileURLToPath(new URL("../custom_components/netwatch/frontend/netwatch-card.js", import.meta.url));

/** Return the built bundle as a string (deterministic for a given source tree and lockfile). */
export async function buildCard() {
  const pkg = JSON.parse(await readFile(new URL("package.json", import.meta.url), "utf8"));
  const result = await build({
    absWorkingDir: here,
    entryPoints: ["src/netwatch-card.ts"],
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2021", "chrome100", "firefox100", "safari15"],
    legalComments: "none",
    charset: "utf8",
    define: { __VERSION__: JSON.stringify(pkg.version) },
    banner: { js: `/*! netwatch-card ${pkg.version} | Apache-2.0 | built from frontend/ by \`npm run build\`; do not edit */` },
    write: false,
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fresh = await buildCard();
  if (process.argv.includes("--check")) {
    const committed = await readFile(OUTFILE, "utf8").catch(() => "");
    if (committed !== fresh) {
      console.error(`${OUTFILE} is stale: run \`npm run build\` in frontend/`);
      process.exit(1);
    }
    console.log(`${OUTFILE} is up to date (${Buffer.byteLength(fresh)} bytes)`);
  } else {
    await writeFile(OUTFILE, fresh);
    console.log(`wrote ${OUTFILE} (${Buffer.byteLength(fresh)} bytes)`);
  }
}
