// Reads a book the way a person would, in a real reading system: epub.js in Debian's
// headless Chromium, at a reading size (600x800, paginated). It opens every spine item,
// follows a note marker to its note and the note's backlink back to the marker, and saves
// screenshots of the title page, the first chapter and the endnotes.
//
//   node reading-system.mjs BOOK.epub SCREENSHOT_DIR
//
// Any console error, page error, failed or blocked request, or resource that does not load
// fails the run (exit status 1) with a message saying what and where.
import { createServer } from "node:http";
import { readFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const [bookPath, shotDir] = process.argv.slice(2);
if (!bookPath || !shotDir) {
  console.error("usage: node reading-system.mjs BOOK.epub SCREENSHOT_DIR");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const WIDTH = 600;
const HEIGHT = 800;

// Runs in the reader page. epub.js shows one section at a time in an iframe, laid out in
// columns that scroll sideways: an element is on the page shown when it lies inside #viewer.
function readerHelpers() {
  const types = (el) => (el.getAttribute?.("epub:type") ?? "").split(/\s+/);
  window.section = () => rendition.getContents()[0];
  // Where element #id of the section shown is, in page coordinates, and whether it is seen.
  window.whereIs = (id) => {
    const contents = section();
    const el = contents?.document.getElementById(id);
    if (!el) return null;
    const frame = contents.window.frameElement.getBoundingClientRect();
    const box = document.getElementById("viewer").getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const x = frame.left + r.left, y = frame.top + r.top;
    let inEndnotes = false;
    for (let n = el; n?.nodeType === 1; n = n.parentNode) inEndnotes ||= types(n).includes("endnotes");
    return {
      x: x + r.width / 2,
      y: y + r.height / 2,
      visible: r.width > 0 && x >= box.left && x + r.width <= box.right && y >= box.top && y + r.height <= box.bottom,
      // An empty element (a page-break marker) has no width: seen when its place is on screen.
      placeShown: x >= box.left && x <= box.right && y >= box.top && y <= box.bottom,
      href: el.getAttribute("href"),
      section: rendition.currentLocation().start.href,
      inEndnotes,
    };
  };
  // The ids of the links with this epub:type inside element #scope (the whole section when
  // none), giving an id to those without one, so that whereIs() can find them.
  window.linksOfType = (type, scope) => {
    const doc = section().document;
    const root = scope ? doc.getElementById(scope) : doc;
    return [...root.querySelectorAll("a[href]")]
      .filter((a) => types(a).includes(type))
      .map((a, i) => (a.id ||= `reading-system-${type}-${i}`));
  };
  // Shows a spine item (or href#fragment), then reports what the reader has on screen.
  window.show = async (target) => {
    await rendition.display(target);
    const doc = section().document;
    return {
      href: rendition.currentLocation().start.href,
      text: doc.body.textContent.trim().length,
      // A cover page has no text: its picture, loaded and described, is what there is to see.
      pictures: [...doc.images].filter((i) => i.complete && i.naturalWidth && i.alt.trim()).length,
      cover: [...doc.querySelectorAll("*")].some((el) => types(el).includes("cover")),
      // A stylesheet or image that did not load is a missing resource.
      unloaded: [
        ...[...doc.querySelectorAll('link[rel~="stylesheet"]')].filter((l) => !l.sheet).map((l) => l.href),
        ...[...doc.images].filter((i) => !i.complete || !i.naturalWidth).map((i) => i.src),
      ],
      noterefs: linksOfType("noteref"),
      endnotes: [...doc.querySelectorAll("*")].some((el) => types(el).includes("endnotes")),
    };
  };
}

// The reader page: epub.js needs JSZip as a global to open a zipped book.
const READER = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>reader</title>
<style>html, body { margin: 0; background: #fff; } #viewer { width: ${WIDTH}px; height: ${HEIGHT}px; }</style>
<script src="/jszip.min.js"></script><script src="/epub.min.js"></script>
<script>(${readerHelpers})();</script>
</head><body><div id="viewer"></div></body></html>`;

// Everything the browser may load, served from memory, on loopback only.
const files = {
  "/": ["text/html; charset=utf-8", Buffer.from(READER)],
  "/jszip.min.js": ["text/javascript", readFileSync(join(here, "node_modules/jszip/dist/jszip.min.js"))],
  "/epub.min.js": ["text/javascript", readFileSync(join(here, "node_modules/epubjs/dist/epub.min.js"))],
  "/book.epub": ["application/epub+zip", readFileSync(bookPath)],
};
const server = createServer((req, res) => {
  const file = files[new URL(req.url, "http://x").pathname];
  if (!file) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": file[0] }).end(file[1]);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

class Failure extends Error {}
const problems = []; // what the browser reported; any of it fails the run

// A fresh, empty profile for every run. The flags keep Chromium from calling home (only
// package registries are reachable) and let it run as root in CI.
const profile = mkdtempSync(join(tmpdir(), "reading-system-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
  viewport: { width: WIDTH, height: HEIGHT },
});

try {
  // Only our server may be reached: a book must not need the network to be read.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + "/")) return route.continue();
    problems.push(`blocked request to ${url}`);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed request: ${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`));

  const check = (step) => {
    if (problems.length) throw new Failure(`${step}: the browser reported problems`);
  };
  const ensure = (ok, message) => {
    if (!ok) throw new Failure(message);
  };
  // epub.js can wait forever (on a file that is not a zip, say): give each step a limit.
  const within = (what, promise, seconds = 30) => {
    promise.catch(() => {}); // once timed out, its own end no longer matters
    return Promise.race([
      promise,
      new Promise((_, no) => setTimeout(() => no(new Failure(`${what}: epub.js gave no answer in ${seconds} s`)), seconds * 1000).unref()),
    ]);
  };
  async function display(target) {
    const shown = await within(`displaying ${target}`, page.evaluate((target) => show(target), target));
    check(`displaying ${target}`);
    ensure(!shown.unloaded.length, `${target}: resources did not load: ${shown.unloaded.join(", ")}`);
    ensure(shown.text || shown.pictures, `${target}: nothing to read or see on the page`);
    return shown;
  }
  // Clicks a link the reader can see, as a person would, and waits until the reader shows
  // the link's target on screen.
  async function follow(id) {
    const link = await page.evaluate((id) => whereIs(id), id);
    ensure(link?.visible, `#${id} is not on the page shown (${link?.section})`);
    const [file, target] = link.href.split("#");
    await page.mouse.click(link.x, link.y);
    const there = await page
      .waitForFunction(
        ([file, target]) => {
          const w = whereIs(target);
          return w?.visible && w.section.endsWith(file) && w;
        },
        [file, target],
        { timeout: 15000 },
      )
      .then((handle) => handle.jsonValue())
      .catch(() => page.evaluate((target) => whereIs(target) ?? { section: rendition.currentLocation().start.href }, target));
    check(`following #${id}`);
    ensure(there.visible, `following #${id} (${link.href}) showed ${there.section}, without #${target} on screen`);
    return { target, ...there };
  }

  await page.goto(origin + "/");
  // Open the book; list the spine and make sure every manifest item is in the zip.
  const book = await within("opening the book", page.evaluate(async () => {
    window.book = ePub("/book.epub");
    window.rendition = book.renderTo("viewer", { width: "100%", height: "100%", spread: "none" });
    await book.ready;
    const missing = Object.values(book.packaging.manifest)
      .map((item) => book.resolve(item.href).replace(/^\//, ""))
      .filter((path) => !book.archive.zip.file(path));
    return { spine: book.spine.spineItems.map((s) => s.href), missing, title: book.packaging.metadata.title };
  }));
  check("opening the book");
  ensure(!book.missing.length, `manifest items missing from the EPUB: ${book.missing.join(", ")}`);

  // 1. Every spine item in reading order. The cover (epub:type "cover") comes first when the
  // book has one; then the title page and the first chapter; the endnotes are the document
  // with epub:type "endnotes".
  const shots = {};
  let withNotes = null; // the first section with note markers
  for (const href of book.spine) {
    const shown = await display(href);
    if (shown.cover) shots.cover ??= href;
    if (shown.endnotes) shots.endnotes ??= href;
    if (shown.noterefs.length) withNotes ??= { href, noteref: shown.noterefs[0] };
  }
  const reading = book.spine.filter((href) => href !== shots.cover);
  shots.title = reading[0];
  shots.chapter = reading[1];
  ensure(withNotes, "no section has a note marker (a[epub:type~=noteref])");
  ensure(shots.endnotes, "no endnotes document (epub:type endnotes) in the spine");

  // 2. Screenshots, each at the start of its document.
  mkdirSync(shotDir, { recursive: true });
  for (const [name, href] of Object.entries(shots)) {
    await display(href);
    await page.screenshot({ path: join(shotDir, `${name}.png`) });
  }

  // 3. Notes both ways: the first marker of the first section with notes leads to its note
  // in the endnotes, and that note's backlink leads back to the marker.
  await display(withNotes.href);
  const note = await follow(withNotes.noteref);
  ensure(note.inEndnotes, `#${withNotes.noteref} led to #${note.target} in ${note.section}, not to a note in the endnotes`);
  const [backlink] = await page.evaluate((id) => linksOfType("backlink", id), note.target);
  ensure(backlink, `note #${note.target} has no backlink (a[epub:type~=backlink])`);
  const back = await follow(backlink);
  ensure(
    back.target === withNotes.noteref && back.section === withNotes.href,
    `the backlink of #${note.target} led to ${back.section}#${back.target}, not to the marker #${withNotes.noteref}`,
  );
  // 4. The page list, when the book has one: going to a printed page shows its marker.
  const pageList = await page.evaluate(() => (book.pageList?.pageList ?? []).map((p) => p.href));
  let printedPage = null;
  if (pageList.length) {
    printedPage = pageList[Math.min(2, pageList.length - 1)];
    const id = printedPage.split("#")[1];
    await display(printedPage);
    const marker = await page.evaluate((id) => whereIs(id), id);
    ensure(marker?.placeShown, `the page list's ${printedPage} did not bring its marker on screen (${marker?.section})`);
    await page.screenshot({ path: join(shotDir, "page-list.png") });
    shots["page-list"] = printedPage;
  }
  check("the end");

  console.log(`reading-system: title: ${book.title}`);
  console.log(`reading-system: ${book.spine.length} spine items displayed in epub.js, ${WIDTH}x${HEIGHT} paginated, no errors`);
  console.log(`reading-system: note ${withNotes.href}#${withNotes.noteref} -> ${note.section}#${note.target} -> back to #${back.target}`);
  if (printedPage) console.log(`reading-system: page list of ${pageList.length} printed pages; ${printedPage} shows its marker`);
  console.log(`reading-system: ${Object.keys(shots).map((n) => n + ".png").join(", ")} in ${resolve(shotDir)}`);
} catch (e) {
  console.error(`reading-system: FAIL: ${e.message}`);
  for (const p of problems) console.error(`  ${p}`);
  if (!(e instanceof Failure)) console.error(e.stack);
  process.exitCode = 1;
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
