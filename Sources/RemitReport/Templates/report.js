(function () {
  "use strict";
  var table = document.getElementById("findings");
  var controls = document.getElementById("filters");
  if (!table || !controls) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var fields = ["sev", "kind", "customer", "sp"];
  var selects = fields.map(function (f) { return document.getElementById("filter-" + f); });
  var text = document.getElementById("filter-text");
  var count = document.getElementById("filter-count");
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  controls.hidden = false;

  function apply() {
    var needle = text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row, i) {
      var ok = selects.every(function (select, j) {
        return !select.value || row.getAttribute("data-" + fields[j]) === select.value;
      });
      if (ok && needle) { ok = texts[i].indexOf(needle) !== -1; }
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " findings shown";
  }

  function key(row, col, numeric) {
    var cell = row.cells[col];
    var raw = cell.getAttribute("data-sort");
    if (raw === null) { raw = cell.textContent; }
    return numeric ? Number(raw) : raw.toLowerCase();
  }

  function sortBy(th) {
    var col = Number(th.getAttribute("data-col"));
    var numeric = th.getAttribute("data-type") === "num";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var order = rows.map(function (row, i) { return [key(row, col, numeric), i, row]; });
    order.sort(function (a, b) {
      if (a[0] < b[0]) { return ascending ? -1 : 1; }
      if (a[0] > b[0]) { return ascending ? 1 : -1; }
      return a[1] - b[1];
    });
    var fragment = document.createDocumentFragment();
    order.forEach(function (entry) { fragment.appendChild(entry[2]); });
    body.appendChild(fragment);
  }

  selects.forEach(function (select) { select.addEventListener("change", apply); });
  text.addEventListener("input", apply);
  document.getElementById("filter-reset").addEventListener("click", function () {
    selects.forEach(function (select) { select.value = ""; });
    text.value = "";
    apply();
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    if (!th.hasAttribute("data-col")) { return; }
    th.tabIndex = 0;
    th.title = "Sort by this column (Enter)";
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(th); }
    });
  });
  apply();
})();
