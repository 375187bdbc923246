/* handbook default theme: small progressive enhancements. The site works without this file. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("js");

  /* ----------------------------------------------------------- theme button */

  // System, light, dark in turn. The choice is kept in localStorage; the inline script in
  // <head> applies it before the first paint, this keeps the button and later changes.
  var THEMES = ["system", "light", "dark"];
  var THEME_LABELS = { system: "as the system", light: "light", dark: "dark" };

  function currentTheme() {
    var t = root.getAttribute("data-theme");
    return t === "light" || t === "dark" ? t : "system";
  }

  function labelThemeButton(button) {
    var theme = currentTheme();
    var next = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
    var label = "Colour theme: " + THEME_LABELS[theme] + " (switch to " + THEME_LABELS[next] + ")";
    button.setAttribute("aria-label", label);
    button.setAttribute("title", label);
  }

  var themeButton = document.getElementById("hb-theme-button");
  if (themeButton) {
    labelThemeButton(themeButton);
    themeButton.addEventListener("click", function () {
      var next = THEMES[(THEMES.indexOf(currentTheme()) + 1) % THEMES.length];
      if (next === "system") root.removeAttribute("data-theme");
      else root.setAttribute("data-theme", next);
      try {
        if (next === "system") localStorage.removeItem("hb-theme");
        else localStorage.setItem("hb-theme", next);
      } catch (err) {
        /* storage refused (private mode): the choice lasts for this page only */
      }
      labelThemeButton(themeButton);
    });
  }

  /* ---------------------------------------------------------- copy buttons */

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try {
        document.execCommand("copy") ? resolve() : reject(new Error("copy failed"));
      } catch (err) {
        reject(err);
      }
      document.body.removeChild(area);
    });
  }
  // Shared with responses.js (loaded after this file), which copies filled-in wording.
  window.handbook = window.handbook || {};
  window.handbook.copyText = copyText;

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".copy-button");
    if (!button) return;
    var block = button.closest(".code-block");
    var code = block && (block.querySelector("pre code") || block.querySelector("pre"));
    if (!code) return;
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    copyText(code.textContent.replace(/\n$/, "")).then(
      function () { flash(button, "Copied", "is-copied", label); },
      function () { flash(button, "Press Ctrl+C", "is-failed", label); }
    );
  });

  function flash(button, text, cls, label) {
    button.textContent = text;
    button.classList.add(cls);
    clearTimeout(button._hbTimer);
    button._hbTimer = setTimeout(function () {
      button.textContent = label;
      button.classList.remove(cls);
    }, 1600);
  }

  /* ------------------------------------------------------ phone navigation */

  var toggle = document.getElementById("hb-nav-checkbox");
  var sidebar = document.getElementById("hb-sidebar");
  var menuQuery = window.matchMedia("(max-width: 899px)");

  function setOpen(open) {
    if (!toggle) return;
    toggle.checked = open;
    sync();
  }

  function sync() {
    var open = toggle.checked && menuQuery.matches;
    document.body.classList.toggle("hb-nav-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  if (toggle && sidebar) {
    toggle.addEventListener("change", function () {
      sync();
      if (toggle.checked) {
        var first = sidebar.querySelector("a");
        if (first) first.focus({ preventScroll: true });
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        setOpen(false);
        toggle.focus();
      }
    });
    sidebar.addEventListener("click", function (event) {
      if (event.target.closest("a")) setOpen(false);
    });
    if (menuQuery.addEventListener) {
      menuQuery.addEventListener("change", function () { if (!menuQuery.matches) setOpen(false); });
    }
    sync();

    /* Bring the current page into view in a long navigation tree. */
    var current = sidebar.querySelector('[aria-current="page"]');
    if (current && sidebar.scrollHeight > sidebar.clientHeight) {
      var top = current.getBoundingClientRect().top - sidebar.getBoundingClientRect().top;
      if (top > sidebar.clientHeight * 0.7) {
        sidebar.scrollTop = top - sidebar.clientHeight / 3;
      }
    }
  }

  /* ------------------------------------------- table of contents scrollspy */

  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".hb-toc a[href^='#']"))
    .filter(function (a) { return a.getAttribute("href").length > 1 && a.className !== "hb-toc-top"; });
  if (tocLinks.length && "IntersectionObserver" in window) {
    var headings = tocLinks.map(function (a) {
      return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    });
    var visible = new Set();
    var active = null;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) visible.add(entry.target);
        else visible.delete(entry.target);
      });
      var index = -1;
      for (var i = 0; i < headings.length; i++) {
        if (headings[i] && visible.has(headings[i])) { index = i; break; }
      }
      if (index === -1) {
        // Nothing in the band: keep the last heading above the viewport.
        for (var j = headings.length - 1; j >= 0; j--) {
          if (headings[j] && headings[j].getBoundingClientRect().top < 0) { index = j; break; }
        }
      }
      var link = index >= 0 ? tocLinks[index] : null;
      if (link === active) return;
      if (active) { active.classList.remove("is-active"); active.removeAttribute("aria-current"); }
      active = link;
      if (active) { active.classList.add("is-active"); active.setAttribute("aria-current", "location"); }
    }, { rootMargin: "-64px 0px -60% 0px" });
    headings.forEach(function (h) { if (h) observer.observe(h); });
  }
})();
