/* handbook default theme: tabs and click-to-play videos from Hugo shortcodes. The content works
   without this file: tabs show every pane under its title, videos are links. */
(function () {
  "use strict";

  function setupTabs(tabs) {
    var panes = Array.prototype.filter.call(tabs.children, function (el) {
      return el.classList.contains("shortcode-tab");
    });
    if (panes.length === 0) return;
    var bar = document.createElement("div");
    bar.className = "shortcode-tab-bar";
    bar.setAttribute("role", "tablist");
    var buttons = panes.map(function (pane, i) {
      var title = pane.querySelector(".shortcode-tab-title");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "shortcode-tab-button";
      button.setAttribute("role", "tab");
      button.id = tabs.id + "-tab-" + i;
      pane.id = tabs.id + "-pane-" + i;
      pane.setAttribute("role", "tabpanel");
      pane.setAttribute("aria-labelledby", button.id);
      button.setAttribute("aria-controls", pane.id);
      button.textContent = title ? title.textContent : "Tab " + (i + 1);
      button.addEventListener("click", function () { select(i); });
      bar.appendChild(button);
      return button;
    });
    function select(index) {
      panes.forEach(function (pane, i) { pane.hidden = i !== index; });
      buttons.forEach(function (button, i) {
        button.setAttribute("aria-selected", i === index ? "true" : "false");
        button.tabIndex = i === index ? 0 : -1;
      });
    }
    tabs.insertBefore(bar, tabs.firstChild);
    tabs.classList.add("is-tabbed");
    select(0);
  }

  function setupVideo(video) {
    var link = video.querySelector("a");
    if (!link) return;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = video.getAttribute("data-embed");
      frame.title = link.textContent;
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      video.replaceChildren(frame);
    });
  }

  document.querySelectorAll(".shortcode-tabs").forEach(setupTabs);
  document.querySelectorAll(".shortcode-video[data-embed]").forEach(setupVideo);
})();
