// A small right-to-left rich-text editor for the article body (no outside
// network). It edits the body's HTML in place and writes it back into the
// textarea when the form is sent; the server sanitises it (articles/body.py).
// Without this script the textarea of plain paragraphs works as before.
"use strict";
(function () {
  function enhance(root) {
    const source = root.querySelector("textarea");
    const area = root.querySelector(".rich-text-area");
    const toolbar = root.querySelector(".rich-text-toolbar");
    if (!source || !area || !toolbar || source.classList.contains("enhanced")) return;
    toolbar.hidden = false;
    area.hidden = false;
    source.classList.add("enhanced");
    document.execCommand("defaultParagraphSeparator", false, "p");
    const sync = function () { source.value = area.innerHTML.trim(); };
    area.addEventListener("input", sync);
    toolbar.addEventListener("click", function (event) {
      const button = event.target.closest("button");
      if (!button) return;
      area.focus();
      if (button.dataset.block) {
        document.execCommand("formatBlock", false, button.dataset.block);
      } else if (button.dataset.link !== undefined) {
        const url = window.prompt("نشانی پیوند (با https://)", "https://");
        if (url && /^(https?:|mailto:)/i.test(url.trim())) {
          document.execCommand("createLink", false, url.trim());
        }
      } else if (button.dataset.command) {
        document.execCommand(button.dataset.command, false, null);
      }
      sync();
    });
    const form = source.form;
    if (form) form.addEventListener("submit", sync);
  }
  function init() { document.querySelectorAll("[data-rich-text]").forEach(enhance); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
