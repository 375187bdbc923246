// Search benchmark: runs queries through the theme's search.js (the browser's engine) against a
// built site's search/ folder, as a browser would on first use of the search box (empty cache),
// and reports the bytes of every index file each query loads and the time it takes (reading
// and parsing included). Usage: node bench/search_bench.js <site>/search "two words" ...
"use strict";
const fs = require("fs");
const path = require("path");
const search = require(path.join(__dirname, "../themes/default/static/assets/search.js"));
const [dir, ...queries] = process.argv.slice(2);

async function run(query) {
  let bytes = 0;
  let files = 0;
  const engine = new search.Engine((p) => {
    const text = fs.readFileSync(path.join(dir, p.split("?")[0]), "utf8");
    bytes += Buffer.byteLength(text);
    files += 1;
    return JSON.parse(text);
  });
  const started = process.hrtime.bigint();
  const found = await engine.search(query, { limit: 8 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { query, bytes, files, ms, total: found.total, first: found.results[0] && found.results[0].title };
}

(async () => {
  const rows = [];
  for (const q of queries) rows.push(await run(q));
  rows.forEach((r) => console.log(`${r.query.padEnd(28)} ${String(r.files).padStart(3)} files ${(r.bytes / 1024).toFixed(1).padStart(7)} KB ${r.ms.toFixed(1).padStart(7)} ms  ${r.total} results, first: ${r.first}`));
  const sorted = (k) => rows.map((r) => r[k]).sort((a, b) => a - b);
  const median = (k) => sorted(k)[Math.floor(rows.length / 2)];
  const max = (k) => sorted(k)[rows.length - 1];
  console.log(`median ${(median("bytes") / 1024).toFixed(1)} KB, max ${(max("bytes") / 1024).toFixed(1)} KB; median ${median("ms").toFixed(1)} ms, max ${max("ms").toFixed(1)} ms`);
})();
