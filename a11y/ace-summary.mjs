// Reads an Ace report.json and prints one line per violation: rule, impact, file, element.
// Exit status 1 when Ace found any violation, whatever its impact, so that a "minor"
// finding is not silently let through; 2 when the report cannot be read.
import { readFileSync } from "node:fs";

const [path, book = path] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(path, "utf8"));
} catch (e) {
  console.error(`ace: cannot read Ace's report ${path}: ${e.message}`);
  process.exit(2);
}

// assertions: one entry per checked file (content documents, the package document),
// each with the failed tests in it.
const violations = [];
for (const file of report.assertions ?? []) {
  for (const a of file.assertions ?? []) {
    if (a["earl:result"]?.["earl:outcome"] !== "fail") continue;
    const test = a["earl:test"];
    const html = (a["earl:result"].html ?? "").split("<!--##-->")[0].trim();
    violations.push({
      rule: test["dct:title"],
      impact: test["earl:impact"],
      file: file["earl:testSubject"]?.url ?? "?",
      where: html.replace(/ xmlns(:\w+)?="[^"]*"/g, "").slice(0, 160),
    });
  }
}

for (const v of violations) {
  console.log(`${v.rule}  ${v.impact}  ${v.file}  ${v.where}`);
}
const missing = report["a11y-metadata"]?.missing ?? [];
if (missing.length) console.log(`(accessibility metadata not set, not a violation: ${missing.join(", ")})`);
console.log(`ace: ${violations.length} violation(s) in ${book}`);
process.exit(violations.length ? 1 : 0);
