// Response wording cards and the responses finder: fill placeholders, keep the channel count
// live, copy the filled wording as plain text, and filter the finder as you type. No
// dependencies; the page works without it (the wording is plain text on the page).
(function () {
  "use strict";

  // Count as the channel does: characters, each URL as data-link-chars when set.
  function channelLength(text, linkChars) {
    var chars = Array.from(text).length;
    if (!linkChars) return chars;
    var urls = text.match(/https?:\/\/[^\s)>"]+/g) || [];
    urls.forEach(function (url) {
      url = url.replace(/[.,;:!?]+$/, "");
      chars += linkChars - Array.from(url).length;
    });
    return chars;
  }

  function fill(text, values, keepUnfilled) {
    return text.replace(/\{([A-Za-z0-9_]+)\}/g, function (whole, name) {
      var v = values[name];
      if (v && v.value) return v.value;
      if (!keepUnfilled && v && v.example) return v.example;
      return whole;
    });
  }

  function cardValues(card) {
    var values = {};
    card.querySelectorAll("input[data-var]").forEach(function (input) {
      values[input.getAttribute("data-var")] = { value: input.value, example: input.getAttribute("data-example") || "" };
    });
    return values;
  }

  function rawText(card) {
    var raw = card.querySelector(".response-raw");
    return raw ? raw.textContent : "";
  }

  function update(card) {
    var values = cardValues(card);
    card.querySelectorAll("mark.placeholder").forEach(function (mark) {
      var v = values[mark.getAttribute("data-var")];
      var filled = v && v.value;
      mark.textContent = filled ? v.value : "{" + mark.getAttribute("data-var") + "}";
      mark.classList.toggle("is-filled", !!filled);
    });
    var length = channelLength(fill(rawText(card), values, false), parseInt(card.getAttribute("data-link-chars") || "0", 10));
    var out = card.querySelector(".response-count-value");
    if (out) out.textContent = String(length);
    var max = parseInt(card.getAttribute("data-max-chars") || "0", 10);
    card.classList.toggle("is-over", max > 0 && length > max);
  }

  // The clipboard helper of handbook.js (the API where allowed, a hidden textarea elsewhere).
  function copyText(text) {
    return window.handbook.copyText(text);
  }

  function copyCard(card) {
    var text = fill(rawText(card), cardValues(card), true);
    var status = card.querySelector(".response-copied");
    return copyText(text).then(function () {
      if (status) {
        status.textContent = "Copied to the clipboard";
        clearTimeout(card._copiedTimer);
        card._copiedTimer = setTimeout(function () { status.textContent = ""; }, 2500);
      }
    }, function () {
      if (status) status.textContent = "Could not copy: select the text and copy it by hand";
    });
  }

  document.querySelectorAll(".response-card").forEach(function (card) {
    card.addEventListener("input", function () { update(card); });
    var button = card.querySelector(".response-copy");
    if (button) button.addEventListener("click", function () { copyCard(card); });
  });

  // The finder: instant filtering by text, channel, tag and status, usable from the keyboard.
  var finder = document.getElementById("finder");
  if (!finder) return;
  var query = finder.querySelector("#finder-query");
  var channel = finder.querySelector("#finder-channel");
  var tag = finder.querySelector("#finder-tag");
  var status = finder.querySelector("#finder-status");
  var count = finder.querySelector(".finder-count");
  var empty = finder.querySelector(".finder-empty");
  var items = Array.prototype.slice.call(finder.querySelectorAll(".finder-item"));

  function visibleItems() {
    return items.filter(function (item) { return !item.hidden; });
  }

  // In each result show one wording: the selected channel's variant, else the general one.
  function pickVariant(item) {
    var cards = Array.prototype.slice.call(item.querySelectorAll(".response-card"));
    if (!cards.length) return;
    var wanted = cards.filter(function (c) { return channel.value && c.getAttribute("data-channel") === channel.value; })[0] ||
      cards.filter(function (c) { return !c.hasAttribute("data-channel"); })[0] || cards[0];
    cards.forEach(function (c) { c.hidden = c !== wanted; });
    var more = item.querySelector(".finder-more");
    if (more) more.textContent = cards.length > 1 ? (cards.length - 1) + " more variant" + (cards.length > 2 ? "s" : "") + " on the page" : "";
  }

  function apply() {
    var words = query.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    var otherStatus = 0;
    items.forEach(function (item) {
      // The item's own text (title, summary, badges, wording) and tags, read once.
      var text = item._search || (item._search = (item.textContent + " " + item.getAttribute("data-tags")).toLowerCase());
      var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
      if (ok && channel.value) ok = (" " + item.getAttribute("data-channels") + " ").indexOf(" " + channel.value + " ") !== -1;
      if (ok && tag.value) ok = (" " + item.getAttribute("data-tags") + " ").indexOf(" " + tag.value + " ") !== -1;
      if (ok && status.value && item.getAttribute("data-status") !== status.value) {
        ok = false;
        otherStatus += 1;
      }
      item.hidden = !ok;
      if (ok) { shown += 1; pickVariant(item); }
    });
    // Say what the status filter leaves out, so nobody thinks a wording is missing.
    count.textContent = (shown === 1 ? "1 response" : shown + " responses") +
      (otherStatus ? ", " + otherStatus + " more with another status" : "");
    empty.hidden = shown !== 0;
    var params = new URLSearchParams(location.search);
    [["q", query.value], ["channel", channel.value], ["tag", tag.value], ["status", status.value]].forEach(function (pair) {
      if (pair[1]) params.set(pair[0], pair[1]); else params.delete(pair[0]);
    });
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  var initial = new URLSearchParams(location.search);
  if (initial.get("q")) query.value = initial.get("q");
  if (initial.get("channel")) channel.value = initial.get("channel");
  if (initial.get("tag")) tag.value = initial.get("tag");
  if (initial.has("status")) status.value = initial.get("status");
  [query, channel, tag, status].forEach(function (control) {
    control.addEventListener("input", apply);
    control.addEventListener("change", apply);
  });
  apply();

  function move(step) {
    var visible = visibleItems();
    if (!visible.length) return;
    var index = visible.indexOf(document.activeElement);
    var next = index === -1 ? (step > 0 ? 0 : visible.length - 1) : Math.min(visible.length - 1, Math.max(0, index + step));
    visible[next].focus();
    visible[next].scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if (event.key === "/" && !typing) {
      event.preventDefault();
      query.focus();
      query.select();
    } else if (event.key === "ArrowDown" && (target === query || items.indexOf(target) !== -1)) {
      event.preventDefault();
      move(1);
    } else if (event.key === "ArrowUp" && items.indexOf(target) !== -1) {
      event.preventDefault();
      move(-1);
    } else if (event.key === "Enter" && items.indexOf(target) !== -1) {
      var link = target.querySelector("h2 a");
      if (link) location.href = link.href;
    } else if ((event.key === "c" || event.key === "y") && items.indexOf(target) !== -1) {
      var card = target.querySelector(".response-card:not([hidden])");
      if (card) copyCard(card);
    } else if (event.key === "Escape" && target === query) {
      query.value = "";
      apply();
    }
  });
})();
