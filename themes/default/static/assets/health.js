// The review-health page: sort a table by a column (its header becomes a button) and filter
// every table's rows by a text. Without this script the page shows every row, in its order.
(function () {
  "use strict";
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return numeric ? 0 : "";
    var raw = cell.getAttribute("data-value");
    if (numeric) return Number(raw !== null ? raw : cell.textContent) || 0;
    return cell.textContent.trim().toLowerCase();
  }
  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "hb-health-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric);
          var y = cellValue(b, index, numeric);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) {
          body.appendChild(row);
        });
      });
    });
  }
  function init() {
    var tables = document.querySelectorAll(".hb-health-table[data-sortable]");
    Array.prototype.forEach.call(tables, makeSortable);
    var form = document.getElementById("hb-health-filter");
    var input = document.getElementById("hb-health-filter-input");
    var status = document.getElementById("hb-health-filter-status");
    if (!form || !input) return;
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    input.addEventListener("input", function () {
      var text = input.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(tables, function (table) {
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var match = !text || row.textContent.toLowerCase().indexOf(text) !== -1;
          row.hidden = !match;
          if (match) shown += 1;
        });
      });
      status.textContent = text ? shown + (shown === 1 ? " row matches" : " rows match") : "";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
