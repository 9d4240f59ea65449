// The reviewer's keyboard: j / k (or arrows) move between values, a accepts, x marks the value
// as not in the document, c opens the correction, h shows the history. Enter/Space and every
// button work without this file; it only saves the mouse trips.
(function () {
  "use strict";
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("[data-testid=review-field]")); }
  function current() { return document.querySelector("[data-testid=review-field].selected") || rows()[0]; }
  function select(row) {
    if (!row) { return; }
    rows().forEach(function (r) { r.classList.remove("selected"); });
    row.classList.add("selected");
    row.focus();
    var link = row.querySelector("a.select-field");
    if (link) { link.click(); }
  }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("[data-testid=review-field]");
    if (row && event.target.closest("a.select-field")) {
      rows().forEach(function (r) { r.classList.remove("selected"); });
      row.classList.add("selected");
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var list = rows();
    var row = current();
    var index = list.indexOf(row);
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { select(list[Math.min(index + 1, list.length - 1)]); }
    else if (key === "k" || key === "ArrowUp") { select(list[Math.max(index - 1, 0)]); }
    else if (key === "a" || key === "x" || key === "h") {
      var control = row && row.querySelector("[data-shortcut=" + key + "]");
      if (control) { control.click(); }
    } else if (key === "c") {
      var details = row && row.querySelector("details.correct");
      if (details) {
        details.open = true;
        var input = details.querySelector("[data-testid=correct-value]");
        if (input) { input.focus(); }
      }
    } else { return; }
    event.preventDefault();
  });
  // After htmx replaces the values, keep the selection on the row that was chosen.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "fields") {
      var next = document.querySelector("[data-testid=review-field][data-status=pending]");
      if (next) { select(next); }
    }
  });
})();
