/* HEZA portal: the zones' comparison table (sort, filter by kind) and the timeline's tag filter.
   Without JavaScript the controls stay hidden and every row and event shows. The texts come from the page
   (the catalogs), never from this file. */
(function () {
  "use strict";

  function count(controls, shown, total) {
    var out = controls.querySelector(".hz-count");
    if (out) {
      out.textContent = out.getAttribute("data-template").replace("{shown}", shown).replace("{total}", total);
    }
  }

  /* A cell's sort key: its [data-sort] value (numbers and ISO dates), else its text. */
  function sortKey(cell) {
    var marked = cell.querySelector("[data-sort]");
    var raw = marked ? marked.getAttribute("data-sort") : cell.textContent.trim();
    if (raw === "" || raw === "—") return null;
    var number = Number(raw);
    return isNaN(number) ? raw.toLocaleLowerCase() : number;
  }

  function compare(a, b) {
    if (a === b) return 0;
    if (a === null) return 1; /* what no source gives sorts last either way */
    if (b === null) return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), document.documentElement.lang);
  }

  function sortable(box) {
    var table = box.querySelector("table");
    if (!table) return;
    var body = table.tBodies[0];
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "hz-sort";
      button.title = box.getAttribute("data-sort-label");
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var a = sortKey(r1.cells[column]), b = sortKey(r2.cells[column]);
          if (a === null || b === null) return compare(a, b);
          return ascending ? compare(a, b) : compare(b, a);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    return table;
  }

  function kindFilter(controls) {
    var box = document.getElementById(controls.getAttribute("data-table"));
    var table = box && sortable(box);
    if (!table) return;
    var select = controls.querySelector("select");
    var rows = table.tBodies[0].rows;
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var kind = row.querySelector("[data-kind]");
        var visible = !select.value || (kind && kind.getAttribute("data-kind") === select.value);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count(controls, shown, rows.length);
    }
    select.addEventListener("change", apply);
    controls.hidden = false;
    apply();
  }

  function tagFilter(controls) {
    var items = document.querySelectorAll(controls.getAttribute("data-target"));
    function apply() {
      var checked = controls.querySelector("input:checked");
      var tag = checked ? checked.value : "";
      var shown = 0;
      Array.prototype.forEach.call(items, function (item) {
        var visible = !tag || item.getAttribute("data-tags").split(" ").indexOf(tag) >= 0;
        item.hidden = !visible;
        if (visible) shown += 1;
      });
      /* A year whose events are all hidden hides its heading too. */
      document.querySelectorAll(".md-typeset h2[id^='year-']").forEach(function (heading) {
        var node = heading.nextElementSibling, any = false;
        while (node && node.tagName !== "H2") {
          if (node.matches(controls.getAttribute("data-target")) && !node.hidden) any = true;
          node = node.nextElementSibling;
        }
        heading.hidden = !any;
      });
      count(controls, shown, items.length);
    }
    controls.addEventListener("change", apply);
    controls.hidden = false;
    apply();
  }

  function start() {
    document.querySelectorAll(".hz-controls[data-table]").forEach(kindFilter);
    document.querySelectorAll(".hz-tag-filter").forEach(tagFilter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
