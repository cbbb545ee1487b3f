// The week screen (/week-afsluiten): Enter in a cell moves to the same column in the
// next row instead of submitting the form; each row's total of actual hours is shown
// against its target as you type (the server judges again after saving); an error
// summary takes the focus. The page works without this file.
(function () {
  "use strict";
  var summary = document.getElementById("foutoverzicht");
  if (summary) {
    summary.focus();
  }
  var grid = document.getElementById("weekrooster");
  if (!grid) {
    return;
  }
  var rows = Array.prototype.slice.call(grid.querySelectorAll("tr.sb-week-row"));

  function number(row, col) {
    var input = row.querySelector('input[data-col="' + col + '"]');
    if (!input) {
      return null;
    }
    var s = input.value.trim().replace(",", ".");
    if (s === "") {
      return null;
    }
    var v = Number(s);
    return isNaN(v) ? null : v;
  }

  function show(v) {
    return (Math.round(v * 100) / 100).toString().replace(".", ",");
  }

  // live writes "Ingevuld 26 van 30 uur samen" beside a row with a target; authorised
  // absence (ziek, verlof) lowers the target, as on the server.
  function live(row) {
    var out = row.querySelector("[data-live]");
    var target = Number((row.getAttribute("data-target") || "").replace(",", "."));
    if (!out || !target) {
      return;
    }
    var work = number(row, 1), integration = number(row, 3), absence = number(row, 4) || 0;
    var reason = row.querySelector("select");
    var owed = target;
    if (reason && (reason.value === "ziek" || reason.value === "verlof")) {
      owed = Math.max(target - absence, 0);
    }
    if (work === null && integration === null && absence === 0) {
      out.textContent = "Doel " + show(owed) + " uur samen";
      return;
    }
    var done = (work || 0) + (integration || 0);
    out.textContent = "Ingevuld " + show(done) + " van " + show(owed) + " uur samen" +
      (done >= owed ? " (doel gehaald)" : " (onder het doel)");
  }

  // Enter never submits from the grid (some input methods send keypress apart from
  // keydown); the save button does.
  grid.addEventListener("keypress", function (e) {
    if (e.key === "Enter" && e.target.matches("input")) {
      e.preventDefault();
    }
  });

  rows.forEach(function (row, i) {
    row.addEventListener("input", function () { live(row); });
    row.addEventListener("change", function () { live(row); });
    row.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) {
        return;
      }
      var field = e.target;
      if (!field.matches("input, select")) {
        return;
      }
      e.preventDefault();
      var cells = Array.prototype.slice.call(row.querySelectorAll("input:not([type=hidden]), select"));
      var col = cells.indexOf(field);
      var next = rows[i + 1];
      if (!next) {
        document.getElementById("week-opslaan").focus();
        return;
      }
      var target = next.querySelectorAll("input:not([type=hidden]), select")[col];
      if (target) {
        target.focus();
        if (target.select) {
          target.select();
        }
      }
    });
    live(row);
  });
  grid.setAttribute("data-ready", "");
})();
