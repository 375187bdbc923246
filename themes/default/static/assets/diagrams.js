/* handbook default theme: draws ```mermaid blocks with the vendored Mermaid library, loaded only
   on pages that have a diagram. A diagram that cannot be drawn keeps showing its source. */
(function () {
  "use strict";
  if (!window.mermaid) return;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
  document.querySelectorAll(".mermaid-diagram").forEach(function (box, i) {
    var source = box.querySelector(".mermaid-source");
    if (!source) return;
    window.mermaid.render("hb-mermaid-" + i, source.textContent).then(function (result) {
      var drawing = document.createElement("div");
      drawing.className = "mermaid-drawing";
      drawing.innerHTML = result.svg;
      box.appendChild(drawing);
      box.classList.add("is-drawn");
    }).catch(function (err) {
      var note = document.createElement("p");
      note.className = "mermaid-error";
      note.textContent = "This diagram could not be drawn: " + (err && err.message ? err.message.split("\n")[0] : err);
      box.appendChild(note);
      var stray = document.getElementById("dhb-mermaid-" + i);
      if (stray) stray.remove();
    });
  });
})();
