/* handbook default theme: draws ```mermaid blocks with the vendored Mermaid library. The library
   is large (2.7 MB, 0.8 MB compressed), so it is fetched only when a diagram comes near the
   screen, not at page load: a long page with one diagram at its end stays fast to open. A
   diagram that cannot be drawn keeps showing its source. */
(function () {
  "use strict";
  var script = document.currentScript;
  var libraryUrl = script && script.getAttribute("data-mermaid");
  var boxes = document.querySelectorAll(".mermaid-diagram");
  if (!libraryUrl || !boxes.length) return;
  var loading = null;
  var drawn = 0;

  function library() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = libraryUrl;
        tag.onload = function () {
          var chosen = document.documentElement.getAttribute("data-theme");
          var dark = chosen ? chosen === "dark" : !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
          window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
          resolve(window.mermaid);
        };
        tag.onerror = function () { reject(new Error("the diagram library did not load")); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function fail(box, err, id) {
    var note = document.createElement("p");
    note.className = "mermaid-error";
    note.textContent = "This diagram could not be drawn: " + (err && err.message ? err.message.split("\n")[0] : err);
    box.appendChild(note);
    var stray = document.getElementById("d" + id);
    if (stray) stray.remove();
  }

  function draw(box) {
    var source = box.querySelector(".mermaid-source");
    if (!source || box.hasAttribute("data-drawing")) return;
    box.setAttribute("data-drawing", "");
    var id = "hb-mermaid-" + drawn++;
    library().then(function (mermaid) {
      return mermaid.render(id, source.textContent);
    }).then(function (result) {
      var drawing = document.createElement("div");
      drawing.className = "mermaid-drawing";
      drawing.innerHTML = result.svg;
      box.appendChild(drawing);
      box.classList.add("is-drawn");
    }).catch(function (err) { fail(box, err, id); });
  }

  if (!("IntersectionObserver" in window)) {
    boxes.forEach(draw);
    return;
  }
  var watcher = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        watcher.unobserve(entry.target);
        draw(entry.target);
      }
    });
  }, { rootMargin: "600px 0px" });
  boxes.forEach(function (box) { watcher.observe(box); });
})();
