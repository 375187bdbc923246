// Relevance runner for bench/relevance.py: runs a query set through one engine over a built site,
// as a browser does on first use (a fresh engine and an empty cache for every query), and prints
// one JSON line per query: {i, urls (the first 10 pages, first occurrence kept), bytes, gzip, ms}.
// Engines: `handbook` (the theme's search.js Engine over <site>/search) and `pagefind` (Pagefind's
// own pagefind.js over <site>/pagefind, its fetches answered from the disk).
// Usage: node bench/relevance.js handbook|pagefind <site> <queries.json>
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { pathToFileURL, fileURLToPath } = require("url");

const [engineName, site, queriesPath] = process.argv.slice(2);
const queries = JSON.parse(fs.readFileSync(queriesPath, "utf8"));
const LIMIT = 10;

/** A page URL as the query sets write it: lower case, `/a/b/`, no `index.html`, no anchor. */
function pageOf(url) {
  let u = url.split("#")[0].split("?")[0].replace(/index\.html$/, "").replace(/\.html$/, "/");
  if (!u.startsWith("/")) u = "/" + u;
  return u.toLowerCase();
}

/** The first occurrence of each page, at most LIMIT. */
function pages(urls) {
  const out = [];
  for (const u of urls.map(pageOf)) if (!out.includes(u) && out.length < LIMIT) out.push(u);
  return out;
}

/** Bytes a host sends for a file: its `.gz` copy when the build wrote one, else gzip -6 of it. */
function gzipSize(file, bytes) {
  try {
    return fs.statSync(file + ".gz").size;
  } catch (_) {
    return zlib.gzipSync(bytes).length;
  }
}

async function handbook(q) {
  const search = require(path.resolve(__dirname, "../themes/default/static/assets/search.js"));
  const dir = path.join(site, "search");
  const cost = { bytes: 0, gzip: 0 };
  const engine = new search.Engine((p) => {
    const file = path.join(dir, p.split("?")[0]);
    const bytes = fs.readFileSync(file);
    cost.bytes += bytes.length;
    cost.gzip += gzipSize(file, bytes);
    return JSON.parse(bytes.toString("utf8"));
  });
  const started = process.hrtime.bigint();
  const found = await engine.search(q, { limit: LIMIT });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { urls: pages(found.results.map((r) => r.url)), ms, ...cost };
}

// Pagefind: every fetch is read from the disk and counted (its index files are compressed
// already, so their size on disk is what a host sends).
const pagefindCost = { bytes: 0, gzip: 0 };
globalThis.fetch = async (input) => {
  const url = typeof input === "string" ? input : input.url;
  const file = fileURLToPath(url.split("?")[0]);
  const bytes = fs.readFileSync(file);
  pagefindCost.bytes += bytes.length;
  pagefindCost.gzip += bytes.length;
  const type = file.endsWith(".pagefind") ? "application/wasm" : "application/octet-stream";
  return new Response(bytes, { headers: { "content-type": type } });
};

let fresh = 0;
async function pagefind(q) {
  pagefindCost.bytes = 0;
  pagefindCost.gzip = 0;
  // A new module instance per query: nothing cached from the previous one.
  const url = pathToFileURL(path.join(path.resolve(site), "pagefind", "pagefind.js")).href + "?fresh=" + fresh++;
  const started = process.hrtime.bigint();
  const pf = await import(url);
  await pf.options({ basePath: pathToFileURL(path.join(path.resolve(site), "pagefind")).href + "/" });
  const found = await pf.search(q);
  const data = await Promise.all(found.results.slice(0, LIMIT).map((r) => r.data()));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // Pagefind writes the URL below its base path, which here is a file URL (with one slash or three).
  const root = path.resolve(site);
  const local = (u) => u.replace(/^\/?file:\/+/, "/").replace(root, "");
  const out = { urls: pages(data.map((d) => local(d.url))), ms, bytes: pagefindCost.bytes, gzip: pagefindCost.gzip };
  await pf.destroy();
  return out;
}

(async () => {
  const run = engineName === "pagefind" ? pagefind : handbook;
  for (let i = 0; i < queries.length; i++) {
    const r = await run(queries[i].q);
    console.log(JSON.stringify({ i, ...r }));
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
