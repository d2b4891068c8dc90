// A Jalali date (and time) picker for the admin's date fields, with no outside
// network: the calendar comes from the browser's own ICU (Intl, calendar
// "persian"). It only fills the text box with «۱۴۰۵-۰۹-۰۷ ۱۴:۳۰»; typing still
// works, and the server parses and checks what is sent (archive_site/forms.py).
"use strict";
(function () {
  const DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  const MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
  const WEEKDAYS = ["ش", "ی", "د", "س", "چ", "پ", "ج"];
  const DAY = 86400000;
  const parts = new Intl.DateTimeFormat("en-US-u-ca-persian-nu-latn", { timeZone: "UTC", year: "numeric", month: "numeric", day: "numeric" });
  const fa = function (n, width) { return String(n).padStart(width || 1, "0").replace(/[0-9]/g, function (d) { return DIGITS[+d]; }); };
  const latin = function (s) { return s.replace(/[۰-۹]/g, function (d) { return DIGITS.indexOf(d); }).replace(/[٠-٩]/g, function (d) { return d.charCodeAt(0) - 0x660; }); };

  function toJalali(date) {
    const out = {};
    parts.formatToParts(date).forEach(function (p) { if (p.type !== "literal") out[p.type] = parseInt(p.value, 10); });
    return { y: out.year, m: out.month, d: out.day };
  }
  function fromJalali(y, m, d) {
    // Start near the right day and step: the persian year begins about 21 March.
    let date = new Date(Date.UTC(y + 621, 2, 21) + ((m - 1) * 30.5 + d - 1) * DAY);
    for (let i = 0; i < 40; i++) {
      const j = toJalali(date);
      const diff = (y - j.y) * 365 + (m - j.m) * 30 + (d - j.d);
      if (diff === 0) return date;
      date = new Date(date.getTime() + Math.sign(diff) * Math.max(1, Math.floor(Math.abs(diff) / 2)) * DAY);
    }
    return date;
  }
  function monthLength(y, m) {
    for (let d = 31; d >= 29; d--) { const j = toJalali(fromJalali(y, m, d)); if (j.m === m && j.d === d) return d; }
    return 29;
  }

  function attach(input) {
    const withTime = input.dataset.jalaliPicker === "datetime";
    const wrap = document.createElement("span");
    wrap.className = "jalali-picker";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "jalali-picker-toggle button";
    toggle.textContent = "تقویم";
    toggle.setAttribute("aria-expanded", "false");
    wrap.appendChild(toggle);
    const panel = document.createElement("div");
    panel.className = "jalali-calendar";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", "گزینش تاریخ خورشیدی");
    wrap.appendChild(panel);
    let view = null;

    function current() {
      const m = latin(input.value || "").match(/^\s*(\d{4})[-\/.](\d{1,2})[-\/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2}))?/);
      if (m && +m[1] < 1700) return { y: +m[1], m: +m[2], d: +m[3], h: m[4] ? +m[4] : 9, min: m[5] ? +m[5] : 0 };
      const t = toJalali(new Date(Date.now() + 3.5 * 3600000));
      return { y: t.y, m: t.m, d: t.d, h: 9, min: 0 };
    }
    function write(y, m, d) {
      let text = fa(y, 4) + "-" + fa(m, 2) + "-" + fa(d, 2);
      if (withTime) {
        const h = panel.querySelector("select.hour"), mi = panel.querySelector("select.minute");
        text += " " + fa(h.value, 2) + ":" + fa(mi.value, 2);
      }
      input.value = text;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function render() {
      const chosen = current();
      const first = fromJalali(view.y, view.m, 1);
      const offset = (first.getUTCDay() + 1) % 7; // Saturday first
      const length = monthLength(view.y, view.m);
      let html = '<div class="head"><button type="button" class="prev" aria-label="ماه پیش">›</button><strong>' +
        MONTHS[view.m - 1] + " " + fa(view.y) + '</strong><button type="button" class="next" aria-label="ماه بعد">‹</button></div>';
      html += "<table><thead><tr>" + WEEKDAYS.map(function (w) { return "<th scope=\"col\">" + w + "</th>"; }).join("") + "</tr></thead><tbody><tr>";
      for (let i = 0; i < offset; i++) html += "<td></td>";
      for (let d = 1; d <= length; d++) {
        const selected = chosen.y === view.y && chosen.m === view.m && chosen.d === d ? " selected" : "";
        html += '<td><button type="button" class="day' + selected + '" data-day="' + d + '">' + fa(d) + "</button></td>";
        if ((offset + d) % 7 === 0 && d < length) html += "</tr><tr>";
      }
      html += "</tr></tbody></table>";
      if (withTime) {
        let hours = "", minutes = "";
        for (let h = 0; h < 24; h++) hours += '<option value="' + h + '"' + (h === chosen.h ? " selected" : "") + ">" + fa(h, 2) + "</option>";
        for (let m = 0; m < 60; m += 5) minutes += '<option value="' + m + '"' + (m === chosen.min - chosen.min % 5 ? " selected" : "") + ">" + fa(m, 2) + "</option>";
        html += '<p class="time"><label>ساعت <select class="hour">' + hours + '</select></label> : <label>دقیقه <select class="minute">' + minutes + "</select></label></p>";
      }
      html += '<p><button type="button" class="close">بستن</button></p>';
      panel.innerHTML = html;
    }
    toggle.addEventListener("click", function () {
      if (!panel.hidden) { panel.hidden = true; toggle.setAttribute("aria-expanded", "false"); return; }
      const c = current();
      view = { y: c.y, m: c.m };
      render();
      panel.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
    });
    panel.addEventListener("click", function (event) {
      const button = event.target.closest("button");
      if (!button) return;
      if (button.classList.contains("prev")) { view = view.m === 1 ? { y: view.y - 1, m: 12 } : { y: view.y, m: view.m - 1 }; render(); }
      else if (button.classList.contains("next")) { view = view.m === 12 ? { y: view.y + 1, m: 1 } : { y: view.y, m: view.m + 1 }; render(); }
      else if (button.classList.contains("close")) { panel.hidden = true; toggle.setAttribute("aria-expanded", "false"); }
      else if (button.dataset.day) { write(view.y, view.m, +button.dataset.day); panel.hidden = true; toggle.setAttribute("aria-expanded", "false"); }
    });
    panel.addEventListener("change", function () {
      const c = current();
      if (input.value) write(c.y, c.m, c.d);
    });
  }
  function init() { document.querySelectorAll("input[data-jalali-picker]").forEach(attach); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
