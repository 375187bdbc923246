// handbook search: the browser side of the index that `handbook build` writes in `search/`.
// No dependencies. Nothing is fetched until the search box is used. The query engine at the
// top also runs under Node (the relevance tests load this file), so it touches no DOM.
(function () {
  "use strict";

  // ---- Index format (see src/search/encode.rs and shard.rs) ----------------------------------

  var LAST = "0123456789abcdefghijklmnopqrstuv";
  var MORE = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

  /** Decodes a list of numbers written by `encode::push_number`. */
  function decodeNumbers(text) {
    var out = [];
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var d = LAST.indexOf(c);
      if (d >= 0) {
        out.push(n * 32 + d);
        n = 0;
      } else {
        n = n * 32 + MORE.indexOf(c);
      }
    }
    return out;
  }

  /** Decodes an ascending list written by `encode::delta_list`. */
  function decodeDeltas(text) {
    var numbers = decodeNumbers(text || "");
    for (var i = 1; i < numbers.length; i++) numbers[i] += numbers[i - 1];
    return numbers;
  }

  // ---- Tokens: the same rules as src/search/tokenize.rs ---------------------------------------

  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var MAX_WORD_CHARS = 40;

  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) ||
      (n >= 0xac00 && n <= 0xd7af) || (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x2ffff);
  }

  /** Splits text into `{text, cjk}` tokens: lowercased words, CJK runs as bigrams. */
  function tokenize(text) {
    var out = [];
    var word = "";
    var run = [];
    var chars = Array.from(text);
    function flushWord() {
      if (word && Array.from(word).length <= MAX_WORD_CHARS) out.push({ text: word, cjk: false });
      word = "";
    }
    function flushCjk() {
      if (run.length === 1) out.push({ text: run[0], cjk: true });
      for (var i = 0; i + 1 < run.length; i++) out.push({ text: run[i] + run[i + 1], cjk: true });
      run = [];
    }
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (isCjk(c)) {
        flushWord();
        run.push(c);
        continue;
      }
      flushCjk();
      if (ALNUM.test(c)) {
        word += c.toLowerCase();
      } else if ((c === "'" || c === "\u2019") && word && i + 1 < chars.length && ALNUM.test(chars[i + 1]) && !isCjk(chars[i + 1])) {
        // inside a word: `don't` is one token
      } else {
        flushWord();
      }
    }
    flushWord();
    flushCjk();
    return out;
  }

  /**
   * A query: its tokens (deduplicated; the last one is a prefix while the user is typing) and
   * its quoted phrases.
   */
  function parseQuery(query) {
    var phrases = [];
    var rest = query.replace(/"([^"]*)("|$)/g, function (_, phrase) {
      var words = tokenize(phrase);
      if (words.length > 1) phrases.push(words.map(function (t) { return t.text; }));
      return " " + phrase + " ";
    });
    var tokens = [];
    var seen = {};
    tokenize(rest).forEach(function (t) {
      if (!seen[t.text]) {
        seen[t.text] = true;
        tokens.push({ text: t.text, cjk: t.cjk, prefix: false });
      }
    });
    var quoted = (query.match(/"/g) || []).length;
    var typing = /[\p{Alphabetic}\p{N}]$/u.test(query) && quoted % 2 === 0;
    if (tokens.length && typing && !tokens[tokens.length - 1].cjk) tokens[tokens.length - 1].prefix = true;
    return { tokens: tokens, phrases: phrases };
  }

  /** True when `a` and `b` differ by at most one insertion, deletion, substitution or swap. */
  function withinOneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // ---- Match weights ---------------------------------------------------------------------------

  var EXACT = 1;
  var STEM_PREFIX = 0.9; // an indexed stem starts the typed word: `refunding` → `refund`
  var PREFIX = 0.75; // the word being typed starts an indexed word
  var TYPO = 0.6;
  var MAX_EXPANSIONS = 30;
  var RESPONSE_SHARE = 0.5;
  var MAX_PREFIX_SHARDS = 6;

  /**
   * The query engine over one site's index. `load(path)` fetches a file below `search/` and
   * resolves to its parsed JSON.
   */
  function Engine(load) {
    this.load = load;
    this.cache = {};
    this.decoded = {};
  }

  Engine.prototype.file = function (path) {
    var engine = this;
    if (!engine.cache[path]) {
      engine.cache[path] = Promise.resolve(engine.load(path)).catch(function (err) {
        delete engine.cache[path];
        throw err;
      });
    }
    return engine.cache[path];
  };

  Engine.prototype.meta = function () {
    var engine = this;
    if (!engine.metaPromise) {
      engine.metaPromise = Promise.resolve(engine.load("index.json")).then(function (meta) {
        if (meta.format !== 3) throw new Error("unsupported search index format " + meta.format);
        meta.responseSet = {};
        decodeDeltas(meta.responses).forEach(function (p) { meta.responseSet[p] = true; });
        return meta;
      });
    }
    return engine.metaPromise;
  };

  function versioned(meta, path) {
    return path + "?v=" + meta.version;
  }

  /** Index of the shard holding `word`: the longest key that starts it. */
  function shardFor(keys, word) {
    var best = -1;
    for (var i = 0; i < keys.length; i++) {
      if (word.lastIndexOf(keys[i], 0) === 0 && (best < 0 || keys[i].length > keys[best].length)) best = i;
    }
    return best;
  }

  var MAX_TYPO_SHARDS = 12;

  /**
   * The shards that may hold a word one edit away from `word`, in the order they are worth
   * reading: its own; those of the word with two neighbouring letters swapped, then with one
   * letter dropped; the keys that start it; the keys one edit away from its first letters,
   * longest first. Mirrors `typo_shards` in src/search/shard.rs, which explains why.
   */
  function typoShards(keys, word) {
    var chars = Array.from(word);
    var variants = [];
    var i;
    for (i = 0; i + 1 < chars.length; i++) {
      var swapped = chars.slice();
      swapped[i] = chars[i + 1];
      swapped[i + 1] = chars[i];
      variants.push(swapped.join(""));
    }
    for (i = 0; i < chars.length; i++) variants.push(chars.slice(0, i).concat(chars.slice(i + 1)).join(""));
    var starts = [];
    var near = [];
    keys.forEach(function (key, k) {
      if (word.lastIndexOf(key, 0) === 0) {
        starts.push(k);
        return;
      }
      var n = Array.from(key).length;
      if (n === 0 || n > chars.length + 1) return;
      for (var j = n - 1; j <= n + 1 && j <= chars.length; j++) {
        if (withinOneEdit(key, chars.slice(0, j).join(""))) {
          near.push(k);
          return;
        }
      }
    });
    near.sort(function (a, b) {
      return Array.from(keys[b]).length - Array.from(keys[a]).length || a - b;
    });
    var ordered = [shardFor(keys, word)]
      .concat(variants.map(function (v) { return shardFor(keys, v); }))
      .concat(starts.reverse())
      .concat(near);
    var out = [];
    ordered.forEach(function (k) {
      if (k >= 0 && out.length < MAX_TYPO_SHARDS && out.indexOf(k) < 0) out.push(k);
    });
    return out;
  }

  Engine.prototype.shard = function (meta, i) {
    return this.file(versioned(meta, "t/" + i + ".json"));
  };

  Engine.prototype.shardOf = function (meta, word) {
    var i = shardFor(meta.keys, word);
    return i < 0 ? Promise.resolve({ t: {}, w: {} }) : this.shard(meta, i);
  };

  Engine.prototype.page = function (meta, id) {
    // Page records come `pages_per_file` to a file.
    var per = meta.pages_per_file;
    return this.file(versioned(meta, "p/" + Math.floor(id / per) + ".json")).then(function (records) {
      return records[id % per];
    });
  };

  Engine.prototype.facets = function (meta) {
    return this.file(versioned(meta, "facets.json"));
  };

  /**
   * Postings of a term as a flat array `[page, section, score, inTitle, ...]` (the shards keep
   * the title flag in the score's lowest bit).
   */
  Engine.prototype.postings = function (meta, term) {
    var engine = this;
    return engine.shardOf(meta, term).then(function (shard) {
      if (!engine.decoded[term]) {
        var numbers = decodeNumbers(shard.t[term] || "");
        var out = [];
        var page = 0;
        for (var i = 0; i + 2 < numbers.length; i += 3) {
          page += numbers[i];
          out.push(page, numbers[i + 1], numbers[i + 2] >> 1, numbers[i + 2] & 1);
        }
        engine.decoded[term] = out;
      }
      return engine.decoded[term];
    });
  };

  /** The indexed terms a query token stands for, each with a weight: `{term: weight}`. */
  Engine.prototype.expand = function (meta, token) {
    var engine = this;
    var text = token.text;
    var ids = [shardFor(meta.keys, text)];
    if (token.prefix) {
      meta.keys.forEach(function (key, i) {
        if (key.length > text.length && key.lastIndexOf(text, 0) === 0 && ids.length < MAX_PREFIX_SHARDS) ids.push(i);
      });
    }
    ids = ids.filter(function (i) { return i >= 0; });
    return Promise.all(ids.map(function (i) { return engine.shard(meta, i); })).then(function (shards) {
      var out = {};
      var count = 0;
      function add(term, weight) {
        if (out[term] === undefined) {
          if (count >= MAX_EXPANSIONS && weight < EXACT) return;
          count++;
        }
        if (!(out[term] >= weight)) out[term] = weight;
      }
      shards.forEach(function (shard) {
        if (shard.t[text] !== undefined) add(text, EXACT);
        if (shard.w[text] !== undefined) add(shard.w[text], EXACT);
      });
      var exact = count > 0;
      if (token.cjk) return out;
      if (token.prefix && text.length >= 2) {
        shards.forEach(function (shard) {
          Object.keys(shard.t).forEach(function (term) {
            if (term !== text && term.lastIndexOf(text, 0) === 0) add(term, PREFIX);
          });
          Object.keys(shard.w).forEach(function (word) {
            if (word !== text && word.lastIndexOf(text, 0) === 0) add(shard.w[word], PREFIX);
          });
        });
      }
      if (exact) return out;
      var chars = Array.from(text);
      var stems = [];
      for (var k = chars.length - 1; k >= Math.max(3, chars.length - 4); k--) stems.push(chars.slice(0, k).join(""));
      return Promise.all(stems.map(function (s) { return engine.shardOf(meta, s); })).then(function (stemShards) {
        for (var j = 0; j < stems.length; j++) {
          if (stemShards[j].t[stems[j]] !== undefined) {
            add(stems[j], STEM_PREFIX);
            break;
          }
        }
        if (chars.length < 4) return out;
        var near = typoShards(meta.keys, text);
        return Promise.all(near.map(function (i) { return engine.shard(meta, i); })).then(function (typoShards) {
          var found = [];
          typoShards.forEach(function (shard) {
            Object.keys(shard.t).forEach(function (term) {
              if (withinOneEdit(text, term)) found.push(term);
            });
            Object.keys(shard.w).forEach(function (word) {
              if (withinOneEdit(text, word)) found.push(shard.w[word]);
            });
          });
          found.sort();
          found.forEach(function (term, i) {
            if (i === 0 || found[i - 1] !== term) add(term, TYPO);
          });
          return out;
        });
      });
    });
  };

  /**
   * Runs a query. Options: `filters` (`{kind: ["response"], channel: ["x"]}`), `limit`
   * (results to load, default 10), `facets` (also count facet values), `responsesFirst`
   * (default true). Resolves to `{results, total, terms, facets}`.
   */
  Engine.prototype.search = function (query, options) {
    var engine = this;
    options = options || {};
    var limit = options.limit || 10;
    var parsed = parseQuery(query);
    var filters = options.filters || {};
    var filtering = Object.keys(filters).some(function (f) { return filters[f] && filters[f].length; });
    if (!parsed.tokens.length) return Promise.resolve({ results: [], total: 0, terms: [], facets: null });
    return engine.meta().then(function (meta) {
      return Promise.all(parsed.tokens.map(function (t) { return engine.expand(meta, t); })).then(function (expanded) {
        var terms = [];
        expanded.forEach(function (map) { Object.keys(map).forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); }); });
        return Promise.all(terms.map(function (t) { return engine.postings(meta, t); })).then(function (lists) {
          var postings = {};
          terms.forEach(function (t, i) { postings[t] = lists[i]; });
          var first = options.responsesFirst !== undefined ? options.responsesFirst : meta.responses_first !== false;
          var ranked = rank(meta, parsed, expanded, postings, first);
          var wantFacets = options.facets || filtering;
          return (wantFacets ? engine.facets(meta) : Promise.resolve(null)).then(function (facets) {
            var counts = null;
            if (facets) {
              var sets = facetSets(facets);
              if (filtering) ranked = ranked.filter(function (r) { return matchesFilters(sets, filters, r.page); });
              if (options.facets) counts = countFacets(sets, ranked);
            }
            var highlight = parsed.tokens.map(function (t) { return t.text; }).concat(terms);
            return engine.finish(meta, ranked, parsed, limit).then(function (found) {
              var total = parsed.phrases.length ? found.total : ranked.length;
              return { results: found.results, total: total, terms: highlight, facets: counts, labels: meta.labels || {} };
            });
          });
        });
      });
    });
  };

  /**
   * Pages matching the tokens, best first: by how many tokens they match, then (responses
   * first aside) pages whose title holds every token, matched as well as the token can be
   * matched anywhere (so `Product` does not count `Productivity` titles; a word that is not
   * indexed counts any of its guesses: `toos` is `tools` as much as `too`), then by score.
   */
  function rank(meta, parsed, expanded, postings, responsesFirst) {
    var n = parsed.tokens.length;
    var byPage = {};
    // A token with a cut posting list (a word on most pages of a large site) may be missing
    // from the very page meant: it adds to the score but does not count as matched.
    var max = meta.max_postings || Infinity;
    var common = expanded.map(function (map) {
      return Object.keys(map).some(function (term) { return postings[term].length / 4 >= max; });
    });
    var need = common.filter(function (c) { return !c; }).length;
    expanded.forEach(function (map, i) {
      var top = 0;
      Object.keys(map).forEach(function (term) { if (map[term] > top) top = map[term]; });
      Object.keys(map).forEach(function (term) {
        var weight = map[term];
        var list = postings[term];
        for (var j = 0; j < list.length; j += 4) {
          var page = list[j];
          var entry = byPage[page];
          if (!entry) entry = byPage[page] = { page: page, best: new Array(n).fill(0), sections: new Array(n).fill(0), titled: new Array(n).fill(false) };
          var score = list[j + 2] * weight;
          if (score > entry.best[i]) {
            entry.best[i] = score;
            entry.sections[i] = list[j + 1];
          }
          // Where the word itself is indexed, only it counts; else every guess does.
          if (list[j + 3] && (weight === top || top < EXACT)) entry.titled[i] = true;
        }
      });
    });
    var ranked = Object.keys(byPage).map(function (key) {
      var e = byPage[key];
      var cover = 0, score = 0, votes = {}, titled = 0;
      for (var i = 0; i < n; i++) {
        if (e.titled[i]) titled++;
        if (e.best[i] > 0) {
          if (!common[i]) cover++;
          score += e.best[i];
          votes[e.sections[i]] = (votes[e.sections[i]] || 0) + e.best[i];
        }
      }
      var section = 0, top = -1;
      Object.keys(votes).forEach(function (s) {
        if (votes[s] > top) {
          top = votes[s];
          section = Number(s);
        }
      });
      var response = !!meta.responseSet[e.page];
      return { page: e.page, cover: cover, score: score, section: section, response: response, title: titled === n ? 1 : 0 };
    });
    // A response that matches every word about as well as the best result sorts first: advocates
    // are usually looking for wording to paste.
    var best = 0;
    ranked.forEach(function (r) { if (r.cover === need && r.score > best) best = r.score; });
    ranked.forEach(function (r) { r.first = responsesFirst && r.response && r.cover === need && r.score >= best * RESPONSE_SHARE; });
    ranked.sort(byRank);
    return ranked;
  }

  /**
   * Best first: more tokens matched; a title that is the query; a title with every token;
   * among those, a response that matches about as well as the best page (advocates look for
   * wording to paste); how closely the title is the query; score; shallower URL; earlier page.
   * `by_rank` in rerank.rs.
   */
  function byRank(a, b) {
    if (a.cover !== b.cover) return b.cover - a.cover;
    if ((a.title >= 2) !== (b.title >= 2)) return b.title >= 2 ? 1 : -1;
    if ((a.title > 0) !== (b.title > 0)) return b.title > 0 ? 1 : -1;
    if (a.first !== b.first) return a.first ? -1 : 1;
    if (a.title !== b.title) return b.title - a.title;
    if (a.score !== b.score) return b.score - a.score;
    if (a.depth !== b.depth) return a.depth - b.depth;
    return a.page - b.page;
  }

  /** True when query token `q` stands for `word`: the same, one edit away, or its prefix. */
  function tokenMatches(q, word) {
    if (q.text === word) return true;
    if (q.prefix && word.lastIndexOf(q.text, 0) === 0) return true;
    return Array.from(q.text).length >= 4 && withinOneEdit(q.text, word);
  }

  /** The longest run of consecutive query tokens found one after the other in `words`. */
  function longestRun(tokens, words) {
    var best = 0;
    for (var w = 0; w < words.length; w++) {
      for (var t = 0; t < tokens.length && best < tokens.length; t++) {
        var k = 0;
        while (t + k < tokens.length && w + k < words.length && tokenMatches(tokens[t + k], words[w + k])) k++;
        if (k > best) best = k;
      }
    }
    return best;
  }

  /**
   * Orders the loaded top results with what only their records tell: a title that is the
   * query word for word (3), then give or take a typo or the end of the word being typed (2),
   * above one that holds all its words (1); then the score, raised by how many of
   * the query's words come in a row in the title and description, the opening text or the
   * linked section (1 + run / n);
   * then shallower URLs (a section's index page before its pages). `src/search/rerank.rs`
   * does the same for `handbook search`.
   */
  function rerank(parsed, ranked, pages) {
    var tokens = parsed.tokens;
    var n = tokens.length;
    var rows = ranked.map(function (r, i) {
      var page = pages[i];
      var title = tokenize(page.t).map(function (t) { return t.text; });
      var same = title.length === n && title.every(function (w, j) { return tokens[j].text === w; });
      var near = title.length === n && title.every(function (w, j) { return tokenMatches(tokens[j], w); });
      // Runs are looked for where a reader would have read the words: the title and
      // description, the page's opening text, and the section the result links to.
      var words = function (text) { return tokenize(text).map(function (t) { return t.text; }); };
      var run = longestRun(tokens, title.concat([""], words(page.d)));
      [0, r.section].forEach(function (s) {
        var h = page.h[s];
        if (h && run < n) run = Math.max(run, longestRun(tokens, words(h[1] + " " + h[2])));
      });
      var row = Object.assign({}, r);
      row.title = same ? 3 : near ? 2 : r.title;
      row.score = r.score * (1 + run / n);
      row.depth = page.u.split("/").filter(Boolean).length;
      return { r: row, page: page };
    });
    rows.sort(function (a, b) { return byRank(a.r, b.r); });
    return rows;
  }

  function facetSets(facets) {
    var sets = {};
    Object.keys(facets).forEach(function (facet) {
      sets[facet] = {};
      Object.keys(facets[facet]).forEach(function (value) {
        var set = {};
        decodeDeltas(facets[facet][value]).forEach(function (p) { set[p] = true; });
        sets[facet][value] = set;
      });
    });
    return sets;
  }

  /** Within a facet any chosen value matches; across facets all must. */
  function matchesFilters(sets, filters, page) {
    return Object.keys(filters).every(function (facet) {
      var values = filters[facet] || [];
      if (!values.length) return true;
      return values.some(function (v) { return sets[facet] && sets[facet][v] && sets[facet][v][page]; });
    });
  }

  function countFacets(sets, ranked) {
    var counts = {};
    Object.keys(sets).forEach(function (facet) {
      counts[facet] = {};
      Object.keys(sets[facet]).forEach(function (value) {
        var set = sets[facet][value];
        var c = 0;
        ranked.forEach(function (r) { if (set[r.page]) c++; });
        if (c) counts[facet][value] = c;
      });
    });
    return counts;
  }

  function normalized(text) {
    return " " + tokenize(text).map(function (t) { return t.text; }).join(" ") + " ";
  }

  /** Loads the page files of the top results; with phrases, keeps only pages that have them. */
  Engine.prototype.finish = function (meta, ranked, parsed, limit) {
    var engine = this;
    var results = [];
    if (!parsed.phrases.length) {
      var top = ranked.slice(0, limit);
      return Promise.all(top.map(function (r) { return engine.page(meta, r.page); })).then(function (pages) {
        var rows = rerank(parsed, top, pages);
        return { results: rows.map(function (x) { return describe(meta, x.r, x.page, null); }), total: ranked.length };
      });
    }
    var phrases = parsed.phrases.map(function (words) { return " " + words.join(" ") + " "; });
    var checked = 0;
    var MAX_CHECKS = 40;
    function next() {
      if (results.length >= limit || checked >= ranked.length || checked >= MAX_CHECKS) {
        return Promise.resolve({ results: results, total: results.length });
      }
      var batch = ranked.slice(checked, Math.min(ranked.length, checked + 8, MAX_CHECKS));
      checked += batch.length;
      return Promise.all(batch.map(function (r) { return engine.page(meta, r.page); })).then(function (pages) {
        batch.forEach(function (r, i) {
          if (results.length >= limit) return;
          var page = pages[i];
          var texts = page.h.map(function (h) { return normalized(h[1] + " " + h[2]); });
          var head = normalized(page.t + " " + page.d);
          var sectionFor = -1;
          var ok = phrases.every(function (phrase) {
            var at = -1;
            for (var s = 0; s < texts.length; s++) if (texts[s].indexOf(phrase) >= 0) { at = s; break; }
            if (at < 0 && head.indexOf(phrase) >= 0) at = 0;
            if (sectionFor < 0) sectionFor = at;
            return at >= 0;
          });
          if (ok) results.push(describe(meta, r, page, sectionFor));
        });
        return next();
      });
    }
    return next();
  };

  /** A result as the UI and the tests see it. */
  function describe(meta, ranked, page, sectionOverride) {
    var index = sectionOverride !== null && sectionOverride >= 0 ? sectionOverride : ranked.section;
    var section = page.h[index] || page.h[0] || ["", "", ""];
    return {
      page: ranked.page,
      url: page.u,
      anchor: section[0],
      heading: section[1],
      text: section[2] || page.d || "",
      title: page.t,
      breadcrumb: page.b,
      description: page.d,
      kind: page.k,
      channels: page.c || [],
      // Display names from handbook.yml's `channels:` (`x` -> `X (Twitter)`).
      channelNames: (page.c || []).map(function (c) { return channelLabel(meta.labels, c); }),
      tags: page.g || [],
      status: page.s,
      wording: page.w || [],
      score: ranked.score,
      cover: ranked.cover
    };
  }

  // ---- Excerpts and highlighting ---------------------------------------------------------------

  var WORD = /[\p{Alphabetic}\p{N}]+(?:['\u2019][\p{Alphabetic}\p{N}]+)*/gu;

  /** `[start, end)` ranges of `text` that match one of `terms`. */
  function matchRanges(text, terms) {
    var ranges = [];
    var words = terms.filter(function (t) { return !isCjk(Array.from(t)[0] || "a"); });
    var cjk = terms.filter(function (t) { return isCjk(Array.from(t)[0] || "a"); });
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var w = m[0].toLowerCase().replace(/['\u2019]/g, "");
      var hit = words.some(function (t) { return t.length >= 3 ? w.lastIndexOf(t, 0) === 0 : w === t; });
      if (hit) ranges.push([m.index, m.index + m[0].length]);
    }
    cjk.forEach(function (t) {
      var at = text.indexOf(t);
      while (at >= 0) {
        ranges.push([at, at + t.length]);
        at = text.indexOf(t, at + 1);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /** About `length` characters of `text` around the first match, as HTML with `<mark>`s. */
  function excerpt(text, terms, length) {
    length = length || 180;
    var ranges = matchRanges(text, terms);
    var start = 0;
    if (ranges.length && ranges[0][0] > length / 3) {
      start = ranges[0][0] - Math.floor(length / 3);
      var space = text.indexOf(" ", start);
      if (space >= 0 && space < ranges[0][0]) start = space + 1;
    }
    var end = Math.min(text.length, start + length);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > start + length / 2) end = cut;
    }
    var html = start > 0 ? "… " : "";
    var at = start;
    ranges.forEach(function (r) {
      if (r[1] <= start || r[0] >= end) return;
      var s = Math.max(r[0], start), e = Math.min(r[1], end);
      html += escapeHtml(text.slice(at, s)) + "<mark>" + escapeHtml(text.slice(s, e)) + "</mark>";
      at = e;
    });
    html += escapeHtml(text.slice(at, end)) + (end < text.length ? " …" : "");
    return html;
  }

  var api = {
    Engine: Engine,
    tokenize: tokenize,
    parseQuery: parseQuery,
    withinOneEdit: withinOneEdit,
    typoShards: typoShards,
    decodeNumbers: decodeNumbers,
    decodeDeltas: decodeDeltas,
    matchRanges: matchRanges,
    excerpt: excerpt
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---- Browser UI --------------------------------------------------------------------------------

  var root = document.getElementById("hb-search");
  var base = (root && root.getAttribute("data-base")) || "/";
  var engine = new Engine(function (path) {
    return fetch(base + "search/" + path, path === "index.json" ? { cache: "no-cache" } : {}).then(function (response) {
      if (!response.ok) throw new Error("search index: " + response.status + " for " + path);
      return response.json();
    });
  });
  window.handbookSearch = { engine: engine, api: api };

  var KIND_LABELS = { page: "Page", section: "Section", response: "Response", escalation: "Escalation", guideline: "Guideline", role: "Role", expert: "Expert" };

  function channelLabel(labels, id) {
    return (labels && labels.channel && labels.channel[id]) || id;
  }

  function kindLabel(kind) {
    return KIND_LABELS[kind] || humanize(kind);
  }

  /** An id as a reader sees it: `in-review` -> `In review`. */
  function humanize(id) {
    return id ? id.charAt(0).toUpperCase() + id.slice(1).replace(/[-_]/g, " ") : "";
  }

  function resultHref(result, terms) {
    var words = terms.filter(function (t, i) { return terms.indexOf(t) === i; }).slice(0, 8);
    return base + result.url + "?highlight=" + encodeURIComponent(words.join(" ")) + (result.anchor ? "#" + encodeURIComponent(result.anchor) : "");
  }

  function badges(result) {
    var html = "";
    if (result.kind && result.kind !== "page") html += '<span class="badge badge-' + escapeHtml(result.kind) + '">' + escapeHtml(kindLabel(result.kind)) + "</span>";
    result.channelNames.slice(0, 4).forEach(function (c) {
      html += '<span class="badge badge-channel">' + escapeHtml(c) + "</span>";
    });
    return html;
  }

  /** One result's inner HTML, shared by the dropdown and the results page. */
  function resultHtml(result, terms) {
    var crumb = result.breadcrumb ? result.breadcrumb + (result.heading ? " › " + result.title : "") : (result.heading ? result.title : "");
    return '<span class="hb-sr-head"><span class="hb-sr-title">' + escapeHtml(result.heading || result.title) + "</span>" + badges(result) + "</span>" +
      (crumb ? '<span class="hb-sr-crumb">' + escapeHtml(crumb) + "</span>" : "") +
      '<span class="hb-sr-excerpt">' + excerpt(result.text, terms) + "</span>";
  }

  // The header box: a combobox with a listbox of results.
  var input = document.getElementById("hb-search-input");
  var list = document.getElementById("hb-search-results");
  var panel = document.getElementById("hb-search-panel");
  var status = document.getElementById("hb-search-status");
  var active = -1;
  var latest = 0;
  var shown = [];

  function setActive(i) {
    var items = list.querySelectorAll('[role="option"]');
    if (!items.length) {
      active = -1;
      input.removeAttribute("aria-activedescendant");
      return;
    }
    active = (i + items.length) % items.length;
    items.forEach(function (item, j) { item.setAttribute("aria-selected", j === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function open(isOpen) {
    panel.hidden = !isOpen;
    input.setAttribute("aria-expanded", isOpen ? "true" : "false");
  }

  function render(found, query) {
    shown = found.results;
    list.innerHTML = found.results.map(function (r, i) {
      return '<li role="option" id="hb-sr-' + i + '" aria-selected="false" class="hb-sr"><a href="' + escapeHtml(resultHref(r, found.terms)) + '" tabindex="-1">' + resultHtml(r, found.terms) + "</a></li>";
    }).join("");
    var more = '<a class="hb-search-all" href="' + base + "search/?q=" + encodeURIComponent(query) + '">All results</a>';
    status.innerHTML = (found.total ? found.total + (found.total === 1 ? " result" : " results") : "No results for “" + escapeHtml(query) + "”") + (found.total > found.results.length ? " · " + more : "");
    active = -1;
    input.removeAttribute("aria-activedescendant");
    open(true);
  }

  function update() {
    var query = input.value;
    var ticket = ++latest;
    if (!query.trim()) {
      list.innerHTML = "";
      status.textContent = "";
      open(false);
      return;
    }
    engine.search(query, { limit: 8 }).then(function (found) {
      if (ticket === latest) render(found, query);
    }, function (err) {
      if (ticket === latest) {
        status.textContent = "Search is unavailable: " + err.message;
        open(true);
      }
    });
  }

  if (input && list && panel) {
    input.addEventListener("input", update);
    input.addEventListener("focus", function () {
      engine.meta().catch(function () {});
      if (input.value.trim() && list.children.length) open(true);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (panel.hidden) update();
        setActive(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        setActive(active - 1);
      } else if (event.key === "Enter") {
        if (active >= 0 && shown[active]) {
          event.preventDefault();
          var link = list.querySelectorAll('[role="option"] a')[active];
          window.location.href = link.href;
        }
      } else if (event.key === "Escape") {
        if (!panel.hidden) open(false);
        else input.blur();
      }
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    document.addEventListener("click", function (event) {
      if (!root.contains(event.target)) open(false);
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var editing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if ((event.key === "/" && !editing) || ((event.ctrlKey || event.metaKey) && (event.key === "k" || event.key === "K"))) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  // The results page, /search/?q=, with facets.
  var page = document.getElementById("hb-search-page");
  if (page) {
    var form = document.getElementById("hb-search-page-form");
    var field = document.getElementById("hb-search-page-input");
    var facetBox = document.getElementById("hb-search-facets");
    var filters = document.getElementById("hb-search-filters");
    var filtersToggle = document.getElementById("hb-search-filters-toggle");
    // Folded on a phone, where the facets would push the results below the fold.
    if (filters && window.matchMedia && window.matchMedia("(max-width: 720px)").matches) filters.open = false;
    var resultsBox = document.getElementById("hb-search-page-results");
    var summary = document.getElementById("hb-search-page-status");
    var FACETS = [["kind", "Kind"], ["channel", "Channel"], ["tag", "Tag"], ["status", "Status"]];
    var params = new URLSearchParams(window.location.search);
    var state = { q: params.get("q") || "", filters: {} };
    FACETS.forEach(function (f) { state.filters[f[0]] = params.getAll(f[0]); });
    field.value = state.q;
    var pageTicket = 0;

    var sync = function () {
      var p = new URLSearchParams();
      if (state.q) p.set("q", state.q);
      FACETS.forEach(function (f) { state.filters[f[0]].forEach(function (v) { p.append(f[0], v); }); });
      history.replaceState(null, "", "?" + p.toString());
    };

    var draw = function (found) {
      summary.textContent = state.q ? found.total + (found.total === 1 ? " result" : " results") + " for “" + state.q + "”" : "Type a few words to search the handbook.";
      resultsBox.innerHTML = found.results.map(function (r) {
        return '<li class="hb-sr"><a href="' + escapeHtml(resultHref(r, found.terms)) + '">' + resultHtml(r, found.terms) + "</a></li>";
      }).join("");
      var counts = found.facets || {};
      var active = FACETS.reduce(function (n, f) { return n + state.filters[f[0]].length; }, 0);
      if (filtersToggle) filtersToggle.textContent = active ? "Filters (" + active + ")" : "Filters";
      facetBox.innerHTML = FACETS.map(function (f) {
        var values = Object.keys(counts[f[0]] || {}).concat(state.filters[f[0]].filter(function (v) { return !(counts[f[0]] || {})[v]; }));
        if (!values.length) return "";
        var labelOf = function (v) {
          return f[0] === "kind" ? kindLabel(v) : f[0] === "status" ? humanize(v) : f[0] === "channel" ? channelLabel(found.labels, v) : v;
        };
        // Most results first, then by the name the reader sees.
        values.sort(function (a, b) { return ((counts[f[0]] || {})[b] || 0) - ((counts[f[0]] || {})[a] || 0) || (labelOf(a).toLowerCase() < labelOf(b).toLowerCase() ? -1 : 1); });
        return '<fieldset class="hb-facet"><legend>' + f[1] + "</legend>" + values.map(function (v) {
          var checked = state.filters[f[0]].indexOf(v) >= 0;
          var label = labelOf(v);
          return '<label class="hb-facet-value"><input type="checkbox" data-facet="' + f[0] + '" value="' + escapeHtml(v) + '"' + (checked ? " checked" : "") + "> " +
            escapeHtml(label) + ' <span class="hb-facet-count">' + ((counts[f[0]] || {})[v] || 0) + "</span></label>";
        }).join("") + "</fieldset>";
      }).join("");
    };

    var run = function () {
      var ticket = ++pageTicket;
      sync();
      if (!state.q.trim()) {
        draw({ results: [], total: 0, terms: [], facets: null });
        return;
      }
      summary.textContent = "Searching…";
      engine.search(state.q, { limit: 50, facets: true, filters: state.filters }).then(function (found) {
        if (ticket === pageTicket) draw(found);
      }, function (err) {
        summary.textContent = "Search is unavailable: " + err.message;
      });
    };

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.q = field.value;
      run();
    });
    field.addEventListener("input", function () {
      state.q = field.value;
      run();
    });
    facetBox.addEventListener("change", function (event) {
      var box = event.target;
      var facet = box.getAttribute("data-facet");
      if (!facet) return;
      var values = state.filters[facet];
      var at = values.indexOf(box.value);
      if (box.checked && at < 0) values.push(box.value);
      if (!box.checked && at >= 0) values.splice(at, 1);
      run();
    });
    run();
  }

  // On a page opened from a result: highlight the matched words in the content.
  var highlight = new URLSearchParams(window.location.search).get("highlight");
  var main = document.querySelector(".hb-article") || document.getElementById("content");
  if (highlight && main) {
    var terms = highlight.split(/\s+/).filter(Boolean).map(function (t) { return t.toLowerCase(); });
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest("script, style, mark, button, .anchor") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var first = null;
    nodes.forEach(function (node) {
      var ranges = matchRanges(node.nodeValue, terms);
      if (!ranges.length) return;
      var fragment = document.createDocumentFragment();
      var at = 0;
      ranges.forEach(function (r) {
        fragment.appendChild(document.createTextNode(node.nodeValue.slice(at, r[0])));
        var mark = document.createElement("mark");
        mark.className = "hb-highlight";
        mark.textContent = node.nodeValue.slice(r[0], r[1]);
        fragment.appendChild(mark);
        if (!first) first = mark;
        at = r[1];
      });
      fragment.appendChild(document.createTextNode(node.nodeValue.slice(at)));
      node.parentNode.replaceChild(fragment, node);
    });
    if (first && !window.location.hash) first.scrollIntoView({ block: "center" });
  }
})();
