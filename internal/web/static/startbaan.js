// Startbaan's own script: small conveniences on top of pages that work without it.
// Loaded from /static (the CSP allows no inline script).
(function () {
  "use strict";

  // The details element that holds an element, from the inside out.
  function closedAncestors(el) {
    var out = [];
    for (var d = el && el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      out.push(d);
    }
    return out;
  }

  // A link to #werk, or to a field inside a closed section, opens that section.
  function openTarget(hash) {
    if (!hash || hash.length < 2) return null;
    var el = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!el) return null;
    if (el.tagName === "DETAILS") el.open = true;
    closedAncestors(el).forEach(function (d) { d.open = true; });
    return el;
  }

  function ready() {
    openTarget(window.location.hash);
    window.addEventListener("hashchange", function () {
      var el = openTarget(window.location.hash);
      if (el) el.scrollIntoView();
    });

    // After a failed submit the error summary takes the focus, so that a screen
    // reader reads it first and Tab leads to its links.
    var summary = document.querySelector("[data-sb-focus]");
    if (summary && !window.location.hash) summary.focus();

    // A link of the summary moves the focus to its field, inside a closed section too.
    document.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a[href^='#']");
      if (!a) return;
      var el = openTarget(a.getAttribute("href"));
      if (el && a.closest("[data-sb-focus]")) {
        e.preventDefault();
        el.scrollIntoView({ block: "center" });
        el.focus({ preventScroll: true });
      }
    });

    // "Afdrukken" prints the page with its print stylesheet; the sections' facts
    // print open, and close again afterwards as they were.
    var reopen = [];
    window.addEventListener("beforeprint", function () {
      reopen = [];
      document.querySelectorAll("details.sb-section:not([open])").forEach(function (d) {
        d.open = true;
        reopen.push(d);
      });
    });
    window.addEventListener("afterprint", function () {
      reopen.forEach(function (d) { d.open = false; });
    });
    document.querySelectorAll("[data-sb-print]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
