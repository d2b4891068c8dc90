// Persian digits in the admin's counts and numbers that Django's own scripts
// and tags write in Latin digits (the action counter «0 از 30», page numbers,
// filter counts). Only text is changed, never input values or links.
"use strict";
(function () {
  const DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  const SELECTOR = ".paginator, .action-counter, #changelist-filter, .search-counter, .small.quiet, .actions .question, .actions .all, .results th, .history-table";
  function persian(text) { return text.replace(/[0-9]/g, function (d) { return DIGITS[+d]; }); }
  function convert(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      if (/[0-9]/.test(node.nodeValue) && !node.parentElement.closest("bdi[dir=ltr], code, input, textarea")) {
        node.nodeValue = persian(node.nodeValue);
      }
    }
  }
  function init() {
    document.querySelectorAll(SELECTOR).forEach(function (element) {
      convert(element);
      new MutationObserver(function () { convert(element); }).observe(element, { childList: true, characterData: true, subtree: true });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
