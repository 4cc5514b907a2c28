/* riskgate device beacon (served at /__rg/fp.js). Gathers coarse browser traits once per
   page view and POSTs them as JSON to the same path with fp.js replaced by "beacon".
   No dependencies, no storage; the HttpOnly device cookie travels with the request. */
(function () {
  "use strict";
  function str(v) { return typeof v === "string" ? v.slice(0, 128) : null; }
  function canvas() {
    try {
      var c = document.createElement("canvas");
      c.width = 240; c.height = 60;
      var x = c.getContext("2d");
      if (!x) return null;
      x.textBaseline = "top";
      x.font = "16px Arial";
      x.fillStyle = "#f60";
      x.fillRect(120, 4, 90, 30);
      x.fillStyle = "#069";
      x.fillText("riskgate \ud83d\udee1 Fp,;!", 4, 12);
      x.fillStyle = "rgba(102,204,0,0.7)";
      x.beginPath();
      x.arc(70, 30, 22, 0, Math.PI * 2);
      x.fill();
      var u = c.toDataURL(), h = 0x811c9dc5;
      for (var i = 0; i < u.length; i++) {
        h ^= u.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
      }
      return ("0000000" + (h >>> 0).toString(16)).slice(-8);
    } catch (e) { return null; }
  }
  try {
    var s = document.currentScript, src = s && s.src, n = navigator, i;
    if (!src) {
      var all = document.getElementsByTagName("script");
      for (i = 0; i < all.length; i++) {
        if (/\/fp\.js(\?|$)/.test(all[i].src)) src = all[i].src;
      }
    }
    if (!src) return;
    var url = src.replace(/fp\.js(\?.*)?$/, "beacon");
    var tz = null;
    try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) {}
    var langs = [], l = n.languages || [n.language];
    for (i = 0; i < l.length && langs.length < 16; i++) {
      if (typeof l[i] === "string") langs.push(l[i].slice(0, 128));
    }
    var sc = window.screen || {};
    var body = JSON.stringify({
      v: 1,
      timezone: str(tz),
      tz_offset: -new Date().getTimezoneOffset(),
      screen: { w: sc.width | 0, h: sc.height | 0, depth: sc.colorDepth | 0 },
      dpr: window.devicePixelRatio || 1,
      platform: str(n.platform),
      languages: langs,
      cores: n.hardwareConcurrency || null,
      canvas: canvas(),
      webdriver: !!n.webdriver,
      touch_points: n.maxTouchPoints | 0
    });
    if (!(n.sendBeacon && n.sendBeacon(url, body)) && window.fetch) {
      fetch(url, {
        method: "POST", body: body, keepalive: true, credentials: "include",
        headers: { "Content-Type": "text/plain;charset=UTF-8" }
      })["catch"](function () {});
    }
  } catch (e) {}
})();
