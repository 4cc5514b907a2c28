//! Static content of the demo card shop: the index page (with its inline
//! checkout script), the stylesheet, a tiny script and the logo.
//!
//! It deliberately holds only bytes; serving, caching headers and ETags live
//! in `shop.rs`.

/// The shop's landing page; its inline script places an order and follows
/// the order's event stream.
pub(crate) const INDEX_HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo Card Shop</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
<script src="/__rg/fp.js" async></script>
</head>
<body>
<header><img src="/static/logo.svg" alt="" width="40" height="40"><h1>Demo Card Shop</h1></header>
<p class="note">Instant-delivery gift cards. Everything here is fake; codes are not redeemable.</p>
<ul class="products">
  <li><span class="name">Steam Wallet $50</span><span class="price">$50.00</span>
    <button class="buy" data-product="steam-50" data-amount="50.00">Buy</button></li>
  <li><span class="name">PlayStation Store $25</span><span class="price">$25.00</span>
    <button class="buy" data-product="psn-25" data-amount="25.00">Buy</button></li>
  <li><span class="name">Xbox Gift Card $100</span><span class="price">$100.00</span>
    <button class="buy" data-product="xbox-100" data-amount="100.00">Buy</button></li>
</ul>
<section>
  <h2>Order status</h2>
  <p id="order">No order yet.</p>
  <ol id="events"></ol>
</section>
<footer id="asset-status">static assets loading&hellip;</footer>
<script>
(function () {
  var orderEl = document.getElementById("order");
  var eventsEl = document.getElementById("events");
  function show(text) {
    var li = document.createElement("li");
    li.textContent = text;
    eventsEl.appendChild(li);
  }
  function follow(id) {
    var es = new EventSource("/api/orders/" + encodeURIComponent(id) + "/events");
    var done = false;
    es.onmessage = function (msg) {
      show(msg.data);
      try {
        var status = JSON.parse(msg.data).status;
        // "unknown": the shop never created this order, so nothing will be delivered.
        if (status === "delivered" || status === "unknown") { done = true; es.close(); }
      } catch (e) { /* keep streaming */ }
    };
    es.onerror = function () {
      es.close();
      if (!done) { show("event stream closed before delivery"); }
    };
  }
  // A held order: riskgate's review status stream says "under review" until a reviewer
  // decides; the page never pays for it.
  function followReview(url) {
    var es = new EventSource(url + "/events");
    es.onmessage = function (msg) {
      var status = "";
      try { status = JSON.parse(msg.data).status; } catch (e) { /* show as is */ }
      show(status === "pending" ? "under review" : "review: " + (status || msg.data));
      if (status && status !== "pending") { es.close(); }
    };
    es.onerror = function () { es.close(); };
  }
  async function buy(button) {
    var order = {
      product: button.dataset.product,
      quantity: 1,
      amount: button.dataset.amount,
      currency: "USD",
      user: "alice",
      email: "alice@example.com",
      payment_method: "card"
    };
    eventsEl.textContent = "";
    orderEl.textContent = "Placing order for " + order.product + "...";
    try {
      var resp = await fetch("/api/orders", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(order)
      });
      var text = await resp.text();
      if (!resp.ok) { orderEl.textContent = "Order refused (" + resp.status + "): " + text; return; }
      var body = JSON.parse(text);
      if (resp.status === 202) {
        // Held by riskgate for review: the shop never saw it, so there is nothing to pay
        // for or follow until a reviewer approves it.
        orderEl.textContent = "Order under review (request " + body.request_id + ", " +
          (body.reasons || []).join(", ") + "): not paid; a reviewer decides";
        if (body.review && body.review.status_url) { followReview(body.review.status_url); }
        return;
      }
      orderEl.textContent = "Order " + body.order_id + ": " + body.status;
      follow(body.order_id);
      // Pay through riskgate: it picks the best payment channel; the channel's signed
      // callback is then spooled and delivered to fulfillment (see the demo's terminal).
      var pay = await fetch("/pay?order_id=" + encodeURIComponent(body.order_id), {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": body.order_id },
        body: JSON.stringify({ amount: order.amount })
      });
      var paid = await pay.json();
      show(pay.ok ? "paid via " + paid.channel + " (" + paid.txn_id + ")" : "payment failed: " + pay.status);
    } catch (e) {
      orderEl.textContent = "Order failed: " + e;
    }
  }
  document.querySelectorAll("button.buy").forEach(function (b) {
    b.addEventListener("click", function () { buy(b); });
  });
})();
</script>
</body>
</html>
"#;

/// The shop's stylesheet.
pub(crate) const APP_CSS: &str = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d2433}
header{display:flex;align-items:center;gap:.75rem}
.note{color:#5b6478}
.products{list-style:none;padding:0}
.products li{display:flex;gap:1rem;align-items:center;padding:.5rem 0;border-bottom:1px solid #e3e6ee}
.products .name{flex:1}
.buy{background:#2f6fed;color:#fff;border:0;border-radius:.3rem;padding:.35rem .9rem;cursor:pointer}
#events{font-family:ui-monospace,monospace;font-size:.9rem}
footer{margin-top:2rem;color:#8a91a3;font-size:.8rem}
";

/// A tiny script that shows the static assets loaded (and were cacheable).
pub(crate) const APP_JS: &str = "document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('asset-status');
  if (el) { el.textContent = 'static assets loaded (cacheable for 5 minutes)'; }
});
";

/// The shop's logo.
pub(crate) const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40">
<rect x="2" y="8" width="36" height="24" rx="4" fill="#2f6fed"/>
<rect x="2" y="14" width="36" height="4" fill="#1d2433"/>
<rect x="7" y="23" width="12" height="4" rx="1" fill="#fff"/>
</svg>
"##;
