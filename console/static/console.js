// The console's only script. Live transcript: new messages appear without a
// reload (the server renders and escapes the fragment). Queue: reloads every
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
  var list = document.getElementById("transcript");
  if (!list) return;
  var url = "/transcript/updates?id=" + encodeURIComponent(list.dataset.conversation) + "&after=";
  function poll() {
    fetch(url + list.dataset.lastEvent, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (reply) { return reply.ok ? reply.json() : null; })
      .then(function (update) {
        if (update && update.html.trim()) {
          list.insertAdjacentHTML("beforeend", update.html);
          list.lastElementChild.scrollIntoView({ block: "nearest" });
        }
        if (update) list.dataset.lastEvent = update.last;
      })
      .catch(function () { /* offline for a moment: try again on the next tick */ })
      .then(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 2000);
})();
