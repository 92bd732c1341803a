/* lamtheo forms: nothing typed on a phone is lost (issue 18). Loaded with `defer` on every page by
 * {% webapp_head %} (lamtheo/webapp/templatetags/webapp.py); no inline script (CSP), no library
 * besides htmx. The sentences come, translated, from <meta name="lamtheo-config">.
 *
 * - Drafts: every POST form with a text area (or data-draft) is kept in localStorage while typing,
 *   per user and page (the object), with the version the page was opened at. It comes back after a
 *   reload, a crash or a new login; it is cleared once the server confirms it has the submission
 *   (the `lamtheo_sent` cookie set by lamtheo.webapp.middleware). Offline, "save" keeps the draft
 *   and says so; when the connection is back the form is sent (on this page, or from the reminder
 *   shown on the next page). A draft opened at an older version than the page offers a choice.
 * - One submit per tap: the tapped button says "Đang gửi…", the others are disabled, further taps
 *   are ignored, and each submission carries a key (`_submit_key`) the server de-duplicates.
 * - The CSRF token is refreshed from the cookie before sending (a login in another tab rotates it).
 * - Accessibility: an error summary that takes focus, "show password", dates typed on a numeric
 *   keypad, the sticky save bar kept off the focused field, focus kept after htmx swaps.
 * - The service worker (/sw.js) is registered; the member's notebook is kept for offline reading.
 */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="lamtheo-config"]');
  var config = { user: "", sw: "", notebook: "", texts: {} };
  try { if (meta) config = JSON.parse(meta.content); } catch (e) { /* keep the defaults */ }
  var T = config.texts || {};
  var USER = config.user || "";
  var PREFIX = "lamtheo:draft:";
  var KEY_FIELD = "_submit_key";
  var SENT_COOKIE = "lamtheo_sent";
  var NOT_KEPT = { csrfmiddlewaretoken: true, version: true };
  NOT_KEPT[KEY_FIELD] = true;
  var STICKY = ".reg-submit, .mt-sticky, [data-sticky-bar]";

  // --- small helpers ---------------------------------------------------------------------------

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  function readJSON(key) {
    var s = store();
    if (!s) return null;
    try { return JSON.parse(s.getItem(key) || "null"); } catch (e) { return null; }
  }
  function writeJSON(key, value) {
    var s = store();
    if (!s) return false;
    try { s.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }
  function removeKey(key) {
    var s = store();
    if (s) s.removeItem(key);
  }
  function draftKeys() {
    var s = store(), keys = [], i;
    if (!s || !USER) return keys;
    for (i = 0; i < s.length; i++) {
      if (s.key(i).indexOf(PREFIX + USER + ":") === 0) keys.push(s.key(i));
    }
    return keys;
  }
  function newSubmitKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function cookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return "";
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }
  function online() { return navigator.onLine !== false; }
  function timeNow() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  // --- what a form holds -----------------------------------------------------------------------

  function kept(field) {
    if (!field.name || NOT_KEPT[field.name]) return false;
    var type = (field.type || "").toLowerCase();
    return ["file", "password", "submit", "button", "reset", "image"].indexOf(type) === -1;
  }
  function readForm(form) {
    var pairs = [], names = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field) || field.disabled) return;
      if (names.indexOf(field.name) === -1) names.push(field.name);
      var type = (field.type || "").toLowerCase();
      if ((type === "checkbox" || type === "radio") && !field.checked) return;
      if (field.tagName === "SELECT" && field.multiple) {
        Array.prototype.forEach.call(field.selectedOptions, function (o) { pairs.push([field.name, o.value]); });
        return;
      }
      pairs.push([field.name, field.value]);
    });
    return { pairs: pairs, names: names };
  }
  function valuesOf(pairs, name) {
    return pairs.filter(function (p) { return p[0] === name; }).map(function (p) { return p[1]; });
  }
  function sameContent(a, b) { return JSON.stringify(a.pairs) === JSON.stringify(b.pairs); }
  function versionOf(form) {
    var v = form.querySelector('input[name="version"]');
    return v ? v.value : "";
  }

  // Django formsets: the draft may hold more or fewer rows than the page (rows added while online,
  // the page read back from the cache offline). Rows are copied from the last one, renumbered.
  function rowOf(form, prefix, index) {
    var field = form.querySelector('[name^="' + prefix + "-" + index + '-"]');
    return field ? field.closest("fieldset, [data-formset-row]") : null;
  }
  function copyRow(form, prefix, from, to) {
    var row = rowOf(form, prefix, from);
    if (!row) return;
    var copy = row.cloneNode(true);
    var old = prefix + "-" + from + "-", fresh = prefix + "-" + to + "-";
    [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*"))).forEach(function (node) {
      ["name", "id", "for", "aria-describedby", "aria-labelledby", "aria-controls"].forEach(function (attr) {
        var value = node.getAttribute(attr);
        if (value && value.indexOf(old) !== -1) node.setAttribute(attr, value.split(old).join(fresh));
      });
    });
    copy.querySelectorAll("input, textarea, select").forEach(function (field) {
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") field.checked = false;
      else if (field.tagName === "SELECT") field.selectedIndex = 0;
      else if (type !== "hidden" || /-id$/.test(field.name)) field.value = "";
    });
    copy.querySelectorAll(".error, [id$='_errors'], .reg-advice-slot > *").forEach(function (n) { n.remove(); });
    copy.classList.remove("has-error");
    copy.querySelectorAll(".has-error").forEach(function (n) { n.classList.remove("has-error"); });
    copy.querySelectorAll('button[name="remove_row"]').forEach(function (b) { b.value = String(to); });
    var legend = copy.querySelector("legend");
    if (legend) legend.textContent = legend.textContent.replace(String(from + 1), String(to + 1));
    var last = row;
    for (var i = from + 1; rowOf(form, prefix, i); i++) last = rowOf(form, prefix, i);
    last.parentNode.insertBefore(copy, last.nextSibling);
    if (window.htmx) window.htmx.process(copy);
  }
  function matchRows(form, pairs) {
    form.querySelectorAll('input[name$="-TOTAL_FORMS"]').forEach(function (total) {
      var prefix = total.name.slice(0, -"-TOTAL_FORMS".length);
      var wanted = parseInt(valuesOf(pairs, total.name)[0], 10);
      var have = parseInt(total.value, 10);
      if (isNaN(wanted) || isNaN(have) || wanted > 50) return;
      for (var i = have; i < wanted; i++) copyRow(form, prefix, have - 1, i);
      for (var j = have - 1; j >= wanted; j--) {
        var row = rowOf(form, prefix, j);
        if (row) row.remove();
      }
    });
  }
  function fillForm(form, content) {
    matchRows(form, content.pairs);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field) || content.names.indexOf(field.name) === -1) return;
      var values = valuesOf(content.pairs, field.name);
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") field.checked = values.indexOf(field.value) !== -1;
      else if (field.tagName === "SELECT" && field.multiple) {
        Array.prototype.forEach.call(field.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
      } else field.value = values.length ? values[0] : "";
    });
  }

  // --- drafts ----------------------------------------------------------------------------------

  function Draft(form) {
    this.form = form;
    // Per user and object: the page's address, and the form's own address when it posts elsewhere.
    var action = new URL(form.getAttribute("action") || location.href, location.href);
    this.key = PREFIX + USER + ":" + location.pathname + location.search
      + (action.pathname !== location.pathname ? "|" + action.pathname : "");
    this.original = readForm(form);
    this.stored = readJSON(this.key);
    this.base = versionOf(form);
    this.submitKey = (this.stored && this.stored.submitKey) || newSubmitKey();
    this.timer = null;
    this.status = el("p", { "class": "draft-status", role: "status", "aria-live": "polite" });
    var bar = form.querySelector(STICKY) || lastActions(form);
    if (bar) bar.parentNode.insertBefore(this.status, bar);
    else form.appendChild(this.status);
    setSubmitKey(form, this.submitKey);
  }
  Draft.prototype.say = function (text, kind) {
    this.status.textContent = text;
    this.status.className = "draft-status" + (kind ? " draft-" + kind : "");
  };
  Draft.prototype.save = function (extra) {
    var content = readForm(this.form);
    var previous = readJSON(this.key) || {};
    var draft = {
      v: 1,
      url: location.pathname + location.search,
      title: document.title,
      version: this.base,
      submitKey: this.submitKey,
      savedAt: Date.now(),
      pairs: content.pairs,
      names: content.names,
      queued: Boolean(previous.queued),
      action: previous.action || null
    };
    Object.keys(extra || {}).forEach(function (k) { draft[k] = extra[k]; });
    if (writeJSON(this.key, draft)) this.say(T.savedHere + " · " + timeNow(), "saved");
    return draft;
  };
  Draft.prototype.changed = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.save(); }, 400);
  };
  Draft.prototype.discard = function () {
    removeKey(this.key);
    fillForm(this.form, this.original);
    this.submitKey = newSubmitKey();
    setSubmitKey(this.form, this.submitKey);
    this.say("");
  };
  Draft.prototype.notice = function (text, buttons, role) {
    var box = el("div", { "class": "draft-notice", role: role || "status" });
    box.appendChild(el("p", {}, text));
    var row = el("div", { "class": "actions" });
    buttons.forEach(function (b) {
      var button = el("button", { type: "button", "class": "btn" + (b.primary ? " primary" : "") }, b.text);
      button.addEventListener("click", function () { box.remove(); b.run(); });
      row.appendChild(button);
    });
    box.appendChild(row);
    this.form.insertBefore(box, this.form.firstChild);
    return box;
  };
  Draft.prototype.restore = function () {
    var self = this, stored = this.stored;
    if (!stored || !stored.pairs) return;
    var content = { pairs: stored.pairs, names: stored.names || [] };
    if (String(stored.version || "") !== String(this.base || "")) {
      // The server's record moved on since the draft began: never overwrite it silently.
      this.notice(T.stale, [
        { text: T.useDraft, primary: true, run: function () {
          fillForm(self.form, content);
          self.save({ version: self.base, queued: false });
          self.say(T.restored, "saved");
          focusFirstField(self.form);
        } },
        { text: T.keepServer, run: function () { self.discard(); } }
      ], "alert");
      return;
    }
    if (!sameContent(content, this.original)) {
      fillForm(this.form, content);
      this.notice(T.restored, [{ text: T.discard, run: function () { self.discard(); } }]);
    }
    this.say(T.savedHere, "saved");
    if (stored.queued) {
      if (online()) this.send();
      else this.say(T.offlineQueued, "queued");
    }
  };
  Draft.prototype.send = function () {
    var stored = readJSON(this.key);
    if (!stored || !stored.queued) return;
    this.say(T.backOnline, "sending");
    var action = stored.action, submitter = null;
    if (action) {
      submitter = Array.prototype.filter.call(this.form.querySelectorAll("button[name], input[type=submit][name]"), function (b) {
        return b.name === action[0] && b.value === action[1];
      })[0] || null;
    }
    if (this.form.requestSubmit) this.form.requestSubmit(submitter || undefined);
    else this.form.submit();
  };

  function lastActions(form) {
    var all = form.querySelectorAll(".actions");
    return all.length ? all[all.length - 1] : null;
  }
  function setSubmitKey(form, key) {
    var input = form.querySelector('input[name="' + KEY_FIELD + '"]');
    if (!input) {
      input = el("input", { type: "hidden", name: KEY_FIELD });
      form.appendChild(input);
    }
    input.value = key;
  }
  function focusFirstField(form) {
    var field = form.querySelector("textarea, input:not([type=hidden]), select");
    if (field) field.focus();
  }
  function draftable(form) {
    if (!USER || (form.method || "").toLowerCase() !== "post" || form.dataset.draft === "off") return false;
    return form.dataset.draft !== undefined || Boolean(form.querySelector("textarea"));
  }

  // --- submitting: one per tap, fresh CSRF token, offline kept ---------------------------------

  // A shared device (the login page's "shared device" choice, issue 9): the member's drafts and
  // kept pages leave the device at logout. On a personal phone they stay until the server has them.
  var SHARED = "lamtheo:shared-device";
  function sharedDeviceChoice(form) {
    var choice = form.querySelector('input[name="shared_device"]');
    if (!choice) return;
    var s = store();
    if (s) { if (choice.checked && choice.value !== "0" && choice.value !== "") s.setItem(SHARED, "1"); else s.removeItem(SHARED); }
  }
  function forgetOnLogout(form) {
    if (!/\/accounts\/logout\/$/.test(new URL(form.action, location.href).pathname)) return;
    var s = store();
    if (!s || s.getItem(SHARED) !== "1") return;
    draftKeys().forEach(removeKey);
    s.removeItem(SHARED);
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "clear-pages" });
    }
  }

  function onSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") return;
    if (event.defaultPrevented) return;
    sharedDeviceChoice(form);
    forgetOnLogout(form);
    if (form.dataset.submitting) { event.preventDefault(); return; }
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("hx-post")) return;  // an htmx part of the form, not a save
    var token = cookie("csrftoken");
    var field = form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (field && !token && online() && !form.dataset.csrfFetched) {
      // No CSRF cookie any more (cleared, expired): fetch a fresh token first instead of failing.
      event.preventDefault();
      form.dataset.csrfFetched = "1";
      if (form.lamtheoDraft) form.lamtheoDraft.save();
      fetch(location.href, { credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector('input[name="csrfmiddlewaretoken"]');
          if (fresh) field.value = fresh.value;
        })
        .catch(function () { /* sent as it is; the draft stays on the device */ })
        .then(function () { if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit(); });
      return;
    }
    if (token && field) field.value = token;
    if (USER && !form.querySelector('input[name="' + KEY_FIELD + '"]')) setSubmitKey(form, newSubmitKey());
    var draft = form.lamtheoDraft;
    var action = submitter && submitter.name ? [submitter.name, submitter.value] : null;
    if (draft) {
      if (!online()) {
        event.preventDefault();
        draft.save({ queued: true, action: action });
        draft.say(T.offlineKept, "queued");
        draft.status.setAttribute("role", "alert");
        return;
      }
      draft.save({ queued: false, action: action });
    }
    form.dataset.submitting = "1";
    if (submitter && submitter.name) {  // a disabled button is not sent: keep its name and value
      var copy = el("input", { type: "hidden", name: submitter.name, "data-submitter-copy": "" });
      copy.value = submitter.value;
      form.appendChild(copy);
    }
    setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (b) {
        b.dataset.wasDisabled = b.disabled ? "1" : "";
        b.disabled = true;
      });
      if (submitter) {
        submitter.dataset.label = submitter.innerHTML;
        submitter.textContent = T.sending;
        submitter.classList.add("is-sending");
        submitter.setAttribute("aria-busy", "true");
      }
      if (draft) draft.say(T.sending, "sending");
    }, 0);
    // A POST answered with a file (an export) leaves the page where it is: give the buttons back after
    // a while. A tap after that on a still-running save is caught by the server's submit key.
    setTimeout(resetSubmitting, 20000);
  }

  function resetSubmitting() {
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll("[data-submitter-copy]").forEach(function (n) { n.remove(); });
      form.querySelectorAll("button, input[type=submit]").forEach(function (b) {
        if (b.dataset.label !== undefined) { b.innerHTML = b.dataset.label; delete b.dataset.label; }
        b.classList.remove("is-sending");
        b.removeAttribute("aria-busy");
        if (b.dataset.wasDisabled !== undefined) { b.disabled = b.dataset.wasDisabled === "1"; delete b.dataset.wasDisabled; }
      });
    });
  }

  // --- the server has it: clear the drafts it confirmed ----------------------------------------

  function clearSent() {
    var sent = cookie(SENT_COOKIE).split(".").filter(Boolean);
    if (!sent.length) return false;
    var cleared = false;
    draftKeys().forEach(function (key) {
      var d = readJSON(key);
      if (d && sent.indexOf(d.submitKey) !== -1) { removeKey(key); cleared = true; }
    });
    document.cookie = SENT_COOKIE + "=; Max-Age=0; Path=/; SameSite=Lax";
    return cleared;
  }

  function flash(text) {
    var main = document.getElementById("main") || document.body;
    var box = el("p", { "class": "draft-flash", role: "status" }, text);
    main.insertBefore(box, main.firstChild);
  }

  function remindUnsent(here) {
    draftKeys().forEach(function (key) {
      var d = readJSON(key);
      if (!d || !d.queued || d.url === here) return;  // on the form itself the draft is in the form
      var main = document.getElementById("main");
      if (!main) return;
      var box = el("div", { "class": "draft-notice", role: "status" });
      box.appendChild(el("span", {}, T.pendingElsewhere + " "));
      box.appendChild(el("strong", {}, (d.title || "").split(" · ")[0] + " "));
      var link = el("a", { href: d.url, "class": "btn primary" }, T.openToSend);
      box.appendChild(link);
      main.insertBefore(box, main.firstChild);
    });
  }

  // --- accessibility helpers -------------------------------------------------------------------

  function errorSummary(form) {
    var fields = form.querySelectorAll(".field.has-error");
    var blocks = Array.prototype.filter.call(form.querySelectorAll(".errors"), function (b) { return b.textContent.trim(); });
    if (!fields.length && !blocks.length) return null;
    if (!fields.length) {
      blocks[0].setAttribute("tabindex", "-1");
      blocks[0].setAttribute("role", "alert");
      return blocks[0];
    }
    var box = el("div", { "class": "error-summary", role: "alert", tabindex: "-1" });
    box.appendChild(el("h2", {}, T.errorsTitle));
    var list = el("ul");
    fields.forEach(function (f) {
      var control = f.querySelector("textarea, select, input:not([type=hidden])");
      var label = f.querySelector("label, .label");
      var message = f.querySelector(".error");
      var name = label ? label.textContent.replace("*", "").trim() : "";
      var text = name + (message ? ": " + message.textContent.trim() : "");
      var item = el("li");
      if (control && control.id) item.appendChild(el("a", { href: "#" + control.id }, text));
      else item.textContent = text;
      list.appendChild(item);
    });
    box.appendChild(list);
    form.insertBefore(box, form.firstChild);
    box.addEventListener("click", function (e) {
      var a = e.target.closest("a[href^='#']");
      var target = a && document.getElementById(a.getAttribute("href").slice(1));
      if (target) { e.preventDefault(); target.focus(); }
    });
    return box;
  }

  function passwordToggles() {
    document.querySelectorAll('input[type="password"]').forEach(function (input) {
      if (input.dataset.toggle) return;
      input.dataset.toggle = "1";
      var button = el("button", { type: "button", "class": "btn pw-toggle", "aria-pressed": "false" }, T.showPassword);
      if (input.id) button.setAttribute("aria-controls", input.id);
      button.addEventListener("click", function () {
        var shown = input.type === "text";
        input.type = shown ? "password" : "text";
        button.textContent = shown ? T.showPassword : T.hidePassword;
        button.setAttribute("aria-pressed", shown ? "false" : "true");
        input.focus();
      });
      input.insertAdjacentElement("afterend", button);
    });
  }

  function dateTyping(event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-date]")) return;
    if (!event.inputType || event.inputType.indexOf("insert") !== 0) return;
    var v = input.value.replace(/\/{2,}/g, "/");
    if (/^\d{8}$/.test(v)) v = v.slice(0, 2) + "/" + v.slice(2, 4) + "/" + v.slice(4);
    else if (/^\d{2}$/.test(v) || /^\d{2}\/\d{2}$/.test(v)) v += "/";
    if (v !== input.value) input.value = v;
  }

  function keepClearOfBar(target) {
    if (!target || !target.closest) return;
    var form = target.closest("form");
    var bar = form && form.querySelector(STICKY);
    if (!bar || bar.contains(target)) return;
    var barTop = bar.getBoundingClientRect().top;
    var bottom = target.getBoundingClientRect().bottom;
    var row = target.closest(".reg-row");
    var advice = row && target.tagName === "TEXTAREA" ? row.querySelector(".reg-advice-slot") : null;
    if (advice && advice.offsetHeight) bottom = Math.max(bottom, advice.getBoundingClientRect().bottom);
    if (bottom > barTop - 8 && getComputedStyle(bar).position === "sticky") {
      window.scrollBy(0, bottom - barTop + 16);
    }
  }

  // --- htmx: failures said aloud, focus kept -----------------------------------------------------

  function htmxFailed(event) {
    var detail = event.detail || {};
    var target = detail.target;
    if (!target) return;
    if (target.classList.contains("reg-advice-slot") || target.matches("[data-advice]")) {
      target.innerHTML = "";
      target.appendChild(el("p", { "class": "advice-failed" }, T.adviceFailed));
      return;
    }
    var form = detail.elt && detail.elt.closest ? detail.elt.closest("form") : null;
    if (form && form.lamtheoDraft) form.lamtheoDraft.say(T.partFailed, "queued");
  }

  function htmxBeforeSwap(event) {
    // The session ended: htmx followed the redirect to the login page. Do not swap it into the form:
    // keep the draft and go to the login page, which brings the member back here.
    var xhr = event.detail && event.detail.xhr;
    if (!xhr || !/\/accounts\/login\//.test(xhr.responseURL || "")) return;
    event.detail.shouldSwap = false;
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (form && form.lamtheoDraft) { form.lamtheoDraft.save(); form.lamtheoDraft.say(T.sessionExpired, "queued"); }
    var login = new URL(xhr.responseURL);
    login.searchParams.set("next", location.pathname + location.search);
    location.assign(login.href);
  }

  function htmxSettled(event) {
    var target = event.detail && event.detail.target;
    var root = target && target.isConnected ? target : document;
    var wanted = root.querySelector("[data-focus-here]") || document.querySelector("[data-focus-here]");
    if (wanted) {
      wanted.removeAttribute("data-focus-here");
      var field = wanted.matches("textarea, input, select, button, a") ? wanted
        : wanted.querySelector("textarea, input:not([type=hidden]), select, button");
      if (field) { field.focus(); keepClearOfBar(field); }
    } else if (document.activeElement) {
      keepClearOfBar(document.activeElement);
    }
    var form = target && target.closest ? target.closest("form") : null;
    if (form && form.lamtheoDraft) form.lamtheoDraft.changed();
  }

  // --- service worker -----------------------------------------------------------------------------

  function serviceWorker() {
    if (!("serviceWorker" in navigator) || !config.sw) return;
    navigator.serviceWorker.register(config.sw, { scope: "/" }).catch(function () { /* not installable here */ });
    navigator.serviceWorker.ready.then(function (registration) {
      var worker = registration.active;
      if (!worker) return;
      if (!USER) {
        worker.postMessage({ type: "clear-pages" });  // logged out: pages of the last member go
        return;
      }
      var flag = "lamtheo:warmed:" + USER;
      try {
        if (config.notebook && !sessionStorage.getItem(flag)) {
          sessionStorage.setItem(flag, "1");
          worker.postMessage({ type: "warm", urls: [config.notebook] });
        }
      } catch (e) { /* private mode */ }
    });
  }

  // --- start ---------------------------------------------------------------------------------------

  function start() {
    var confirmed = clearSent();
    if (confirmed && T.sent) flash(T.sent);
    document.addEventListener("submit", onSubmit);
    window.addEventListener("pageshow", function (e) { if (e.persisted) resetSubmitting(); });
    var focusTarget = null;
    document.querySelectorAll("form").forEach(function (form) {
      if ((form.method || "").toLowerCase() !== "post") return;
      if (USER) setSubmitKey(form, newSubmitKey());
      if (draftable(form)) {
        var draft = new Draft(form);
        form.lamtheoDraft = draft;
        draft.restore();
        form.addEventListener("input", function () { draft.changed(); });
        form.addEventListener("change", function () { draft.changed(); });
      }
      focusTarget = focusTarget || errorSummary(form);
    });
    if (focusTarget) focusTarget.focus();
    window.addEventListener("online", function () {
      document.querySelectorAll("form").forEach(function (form) { if (form.lamtheoDraft) form.lamtheoDraft.send(); });
    });
    remindUnsent(location.pathname + location.search);
    passwordToggles();
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {  // scrollable by keyboard
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
    });
    document.addEventListener("input", dateTyping);
    document.addEventListener("focusin", function (e) { keepClearOfBar(e.target); });
    document.body.addEventListener("htmx:sendError", htmxFailed);
    document.body.addEventListener("htmx:responseError", htmxFailed);
    document.body.addEventListener("htmx:beforeSwap", htmxBeforeSwap);
    document.body.addEventListener("htmx:afterSettle", htmxSettled);
    serviceWorker();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
