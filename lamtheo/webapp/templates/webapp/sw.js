{% load static %}/* lamtheo service worker (served at /sw.js by lamtheo.webapp.views.service_worker; no CDN, no library).
 *
 * - The shell (stylesheets, scripts, icons, the offline page) is cached on install; static files are
 *   served from the cache first (their names carry a content hash).
 * - Pages of the member's own notebook, meetings and study (and the forms among them) are fetched from
 *   the network first and kept, so they can be read (and a form reopened) without a connection.
 * - The page script asks to clear the kept pages when nobody is logged in (logout, shared device) and
 *   to warm the member's notebook after login.
 * - POSTs are never touched (a form sent through the worker would depend on the worker's own view of
 *   the network): the page script keeps drafts, holds a save while offline and sends it when the line
 *   is back; a POST lost as the line drops leaves the draft on the device for the next visit.
 */
const VERSION = "{{ version }}";
const SHELL_CACHE = "lamtheo-shell-" + VERSION;
const PAGES_CACHE = "lamtheo-pages-v1";
const SHELL = {{ shell_json|safe }};
const STATIC_PREFIX = "{% get_static_prefix %}";
const OFFLINE_URL = "{{ offline_url }}";
const KEPT_PAGES = /^\/(notebook|meetings|study)\/|^\/$/;
const NEVER_KEPT = /^\/(accounts|admin|media)\/|[?&]format=/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload", credentials: "omit" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("lamtheo-shell-") && n !== SHELL_CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

function keepable(url, response) {
  const type = response.headers.get("Content-Type") || "";
  return response.ok && !response.redirected && type.startsWith("text/html")
    && KEPT_PAGES.test(url.pathname) && !NEVER_KEPT.test(url.pathname + url.search);
}

async function networkFirst(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (keepable(url, response)) {
      const copy = response.clone();
      caches.open(PAGES_CACHE).then((cache) => cache.put(url.href, copy));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(url.href, { ignoreVary: true, cacheName: PAGES_CACHE });
    if (kept) return kept;
    const offline = await caches.match(OFFLINE_URL, { ignoreVary: true });
    if (offline) return offline;
    throw error;
  }
}

async function cacheFirst(request) {
  const hit = await caches.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(SHELL_CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  }
});

async function warm(urls) {
  const cache = await caches.open(PAGES_CACHE);
  for (const href of urls) {
    try {
      const url = new URL(href, self.location.origin);
      const response = await fetch(url.href, { credentials: "same-origin" });
      if (keepable(url, response)) await cache.put(url.href, response);
    } catch (error) { /* offline: try again on the next page */ }
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "clear-pages") {
    event.waitUntil(caches.delete(PAGES_CACHE));
  } else if (data.type === "warm" && Array.isArray(data.urls)) {
    event.waitUntil(warm(data.urls.slice(0, 10)));
  }
});
