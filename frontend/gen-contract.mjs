// Generate src/contract.ts (the card's types of the netwatch/panels answer) from the one schema,
// contract/panels.schema.json.
//   node gen-contract.mjs           write src/contract.ts
//   node gen-contract.mjs --check   exit 1 if the committed file differs (npm test runs this)
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const SCHEMA = fileURLToPath(new URL("../contract/panels.schema.json", import.meta.url));
export const OUTFILE = fileURLToPath(new URL("src/contract.ts", import.meta.url));

/** Return TypeScript for the schema (deterministic: definitions in schema order). */
export function generate(schema) {
  const defs = schema.$defs ?? {};
  const named = []; // [title, schema] of every object/enum type that gets its own declaration
  const seen = new Set();
  const name = (s) => {
    if (s.title && !seen.has(s.title)) {
      seen.add(s.title);
      named.push([s.title, s]);
    }
    return s.title;
  };
  const typeOf = (s) => {
    if (s.$ref) {
      const target = defs[s.$ref.replace("#/$defs/", "")];
      return target.title ? name(target) : typeOf(target);
    }
    if (s.title && s !== schema) return name(s);
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
    const types = Array.isArray(s.type) ? s.type : [s.type];
    return types
      .map((t) => {
        if (t === "integer" || t === "number") return "number";
        if (t === "array") {
          const item = typeOf(s.items ?? {});
          return /[ |]/.test(item) ? `(${item})[]` : `${item}[]`;
        }
        if (t === "object") return objectType(s, "  ");
        return t ?? "unknown";
      })
      .join(" | ");
  };
  const doc = (text, indent) => (text ? `${indent}/** ${text.replace(/\*\//g, "*\\/")} */\n` : "");
  const objectType = (s, indent) => {
    if (!s.properties) {
      const extra = typeof s.additionalProperties === "object" ? typeOf(s.additionalProperties) : "unknown";
      return `Record<string, ${extra}>`;
    }
    const required = new Set(s.required ?? []);
    const lines = Object.entries(s.properties).map(
      ([key, prop]) =>
        `${doc(prop.description, indent)}${indent}${key}${required.has(key) ? "" : "?"}: ${typeOf(prop)};`,
    );
    if (s.additionalProperties === true || typeof s.additionalProperties === "object") {
      lines.push(`${indent}[key: string]: unknown;`);
    }
    return `{\n${lines.join("\n")}\n${indent.slice(2)}}`;
  };
  name(schema);
  const out = [];
  for (let i = 0; i < named.length; i++) {
    const [title, s] = named[i];
    const body = s.enum ? `export type ${title} = ${typeOf({ ...s, title: undefined })};` : `export interface ${title} ${objectType(s, "  ")}`;
    out.push(`${doc(s.description, "")}${body}`);
  }
  return (
    "// GENERATED from contract/panels.schema.json by frontend/gen-contract.mjs: do not edit.\n" +
    "// The netwatch/panels websocket answer; the schema is the one source of the contract.\n\n" +
    `${out.join("\n\n")}\n`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fresh = generate(JSON.parse(await readFile(SCHEMA, "utf8")));
  if (process.argv.includes("--check")) {
    const committed = await readFile(OUTFILE, "utf8").catch(() => "");
    if (committed !== fresh) {
      console.error(`${OUTFILE} is stale: run \`node gen-contract.mjs\` in frontend/`);
      process.exit(1);
    }
  } else {
    await writeFile(OUTFILE, fresh);
    console.log(`wrote ${OUTFILE}`);
  }
}
