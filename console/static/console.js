// The console's only script. Live transcript: new messages appear without a
// reload (the server renders and escapes the fragment), and while staff write
// a reply (its box after the newest message) the box stays where it is on the
// screen and a "New messages below" link says something came. Queue: reloads every
// 30 s, but never while a reply is being written there.
(function () {
  "use strict";
  var queue = document.getElementById("queue");
  if (queue) {
    window.setInterval(function () {
      var writing = Array.prototype.some.call(queue.querySelectorAll("textarea"), function (box) {
        return box.value.trim() !== "" || box === document.activeElement;
      });
      if (!writing) window.location.reload();
    }, 30000);
  }
  // "↓ Reply to the visitor" goes to the box after the newest message and puts the cursor in it (keyboard users too).
  Array.prototype.forEach.call(document.querySelectorAll('a[href^="#reply-"]'), function (link) {
    link.addEventListener("click", function () {
      var box = document.getElementById(link.getAttribute("href").slice(1));
      if (box) window.setTimeout(function () { box.focus(); }, 0);
    });
  });
  var list = document.getElementById("transcript");
  if (!list) return;
  function typing() {
    var active = document.activeElement;
    return !!active && /^(TEXTAREA|INPUT|SELECT)$/.test(active.tagName);
  }
  var hint = null;
  function newBelow(item) {  // "New messages below": one link, at the foot of the screen, to the newest
    if (!hint) {
      hint = document.createElement("a");
      hint.className = "new-below";
      hint.textContent = "New messages below \u2193";
      hint.addEventListener("click", function () { hint.remove(); hint = null; });
      document.body.appendChild(hint);
    }
    if (!item.id) item.id = "new-" + list.dataset.lastEvent;
    hint.href = "#" + item.id;
  }
  var url = "/transcript/updates?id=" + encodeURIComponent(list.dataset.conversation) + "&after=";
  function poll() {
    fetch(url + list.dataset.lastEvent, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (reply) { return reply.ok ? reply.json() : null; })
      .then(function (update) {
        if (update && update.html.trim()) {
          // The reply box is after the transcript, as in a chat: a message added above it would push it
          // down the screen, so while staff type the page moves by what was added and the box stays put.
          var field = typing() ? document.activeElement : null;
          var before = field && field.getBoundingClientRect().top;
          list.insertAdjacentHTML("beforeend", update.html);
          var messages = list.querySelectorAll("li.msg");
          if (field) {
            var moved = field.getBoundingClientRect().top - before;
            if (moved) window.scrollBy(0, moved);
            newBelow(messages[messages.length - 1] || list.lastElementChild);  // never pull the page away from a reply being written
          } else list.lastElementChild.scrollIntoView({ block: "nearest" });
        }
        if (update) list.dataset.lastEvent = update.last;
      })
      .catch(function () { /* offline for a moment: try again on the next tick */ })
      .then(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 2000);
})();

// The reply box counts as staff type (console/reply_limits.py): over its
// channel's limit it says so and the form is not sent; nothing is ever cut.
// An SMS reply also shows how many texts it makes, with the signature.
(function () {
  "use strict";
  var GSM = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var GSM_EXTENDED = "^{}\\[~]|€\f";
  var PLAIN = [[/[\u2018\u2019\u201a\u201b\u2032]/g, "'"], [/[\u201c\u201d\u201e\u2033]/g, '"'],
    [/[\u2010-\u2015\u2212\u2022\u00b7]/g, "-"], [/\u2026/g, "..."], [/[\u00a0\u2009\u202f\u2007]/g, " "], [/\u00d7/g, "x"]];
  function texts(message) {  // SMS segments, as channels/twilio.py sends the message
    PLAIN.forEach(function (rule) { message = message.replace(rule[0], rule[1]); });
    var units = 0, plain = true;
    Array.prototype.forEach.call(message, function (c) {
      if (GSM.indexOf(c) >= 0) units += 1; else if (GSM_EXTENDED.indexOf(c) >= 0) units += 2; else plain = false;
    });
    if (!plain) units = message.length;  // UTF-16 code units
    var single = plain ? 160 : 70, part = plain ? 153 : 67;
    return units <= single ? 1 : Math.ceil(units / part);
  }
  function n(value) { return value.toLocaleString("en-GB"); }
  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-limit]"), function (box) {
    var limit = parseInt(box.dataset.limit, 10);
    var count = document.getElementById(box.getAttribute("aria-describedby"));
    function update() {
      var length = Array.from(box.value.trim()).length;  // characters, as the server counts them
      var words = n(length) + " / " + n(limit) + " characters";
      if (box.dataset.sms !== undefined && length) {
        var many = texts(box.dataset.sms + box.value.trim());
        words += " · " + many + (many === 1 ? " text message" : " text messages");
      }
      if (length > limit) {
        var message = "Too long to send: " + n(length - limit) + " characters over. Shorten it; nothing is cut.";
        box.setCustomValidity(message);
        count.textContent = words + ". " + message;
        count.classList.add("over");
      } else {
        box.setCustomValidity("");
        count.textContent = words;
        count.classList.remove("over");
      }
    }
    box.addEventListener("input", update);
    update();
  });
})();
