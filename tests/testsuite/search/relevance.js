// Runs the relevance set through search.js, the same engine the browser runs, against a built
// site's search/ folder. Usage: node relevance.js <search.js> <site>/search <relevance.json>
// Prints one JSON line per query: {q, want, rank, found (1-based position or 0), top, urls (all
// 10 results as url#anchor)}.
"use strict";
const fs = require("fs");
const path = require("path");
const [script, dir, cases] = process.argv.slice(2);
const search = require(path.resolve(script));
const engine = new search.Engine((p) => JSON.parse(fs.readFileSync(path.join(dir, p.split("?")[0]), "utf8")));
(async () => {
  for (const c of JSON.parse(fs.readFileSync(cases, "utf8"))) {
    const filters = {};
    if (c.kind) filters.kind = [c.kind];
    if (c.channel) filters.channel = [c.channel];
    const found = await engine.search(c.q, { limit: 10, filters });
    const urls = found.results.map((r) => r.url + (r.anchor ? "#" + r.anchor : ""));
    const want = c.want;
    const position = urls.findIndex((u) => (want.includes("#") ? u === want : u.split("#")[0] === want)) + 1;
    console.log(JSON.stringify({ q: c.q, want, rank: c.rank, found: position, top: urls.slice(0, 3), urls }));
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
