// The live board (boards/consumers.py): swaps the board the server renders after every change,
// posts the board's forms in the background while connected, reconnects by itself and
// catches up. Without JavaScript every form still works as a plain POST.
// The server sends the board shared by everybody of the person's perspective, without CSRF
// tokens, and the cards the person wrote, as they see them, apart (boards/snapshots.py):
// those replace their shared versions, and the page's token goes into the forms.
(function () {
  "use strict";
  var root = document.querySelector("[data-board-socket]");
  var live = document.getElementById("board-live");
  if (!root || !live || !window.WebSocket || !window.fetch) return;
  var banner = document.getElementById("board-connection");
  var announcer = document.getElementById("board-announcer");
  var revision = Number(live.dataset.revision);
  var socket = null;
  var attempt = 0;
  var timer = null;
  var stopped = false;
  var pending = [];
  var announceTimer = null;
  var token = root.dataset.boardCsrf || "";

  function address() {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + root.dataset.boardSocket;
  }

  // Polite and batched: what arrived within 1.5 seconds is read out once.
  function announce(words) {
    (words || []).forEach(function (word) { if (word && pending.indexOf(word) < 0) pending.push(word); });
    if (!pending.length || announceTimer) return;
    announceTimer = setTimeout(function () {
      var text = pending.length > 3
        ? announcer.dataset.many + " " + pending.slice(-2).join(" ")
        : pending.join(" ");
      pending = [];
      announceTimer = null;
      announcer.textContent = text;
    }, 1500);
  }

  // Replace the board, keeping what the person is typing, the focus and the open details.
  // False when the board could not be put together (a card named to keep is not here).
  function swap(html, own) {
    var current = document.getElementById("board-live");
    var active = document.activeElement && current.contains(document.activeElement) ? document.activeElement : null;
    var focused = active ? active.id : "";
    // Where the focus goes when its element is gone (a deleted card): its column's heading.
    var column = active && active.closest("section[id^='column-']");
    var fallback = column ? column.id + "-title" : "";
    var kept = {};
    current.querySelectorAll("input[id], textarea[id], select[id]").forEach(function (field) {
      if (field.type === "hidden") return;
      var changed = field.tagName === "SELECT"
        ? Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; })
        : field.value !== field.defaultValue;
      if (changed) kept[field.id] = {value: field.value, start: field.selectionStart, end: field.selectionEnd};
    });
    var open = [];
    current.querySelectorAll("details[id][open]").forEach(function (d) { open.push(d.id); });
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.firstElementChild;
    if (!fresh || fresh.id !== "board-live") return false;
    // Cards named only are unchanged since the board shown: this page's copies go there.
    var named = Array.prototype.slice.call(fresh.querySelectorAll("li[data-keep]"));
    var copies = named.map(function (li) {
      return /^card-\d+$/.test(li.dataset.keep) ? current.querySelector("#" + li.dataset.keep) : null;
    });
    if (copies.indexOf(null) >= 0) return false;
    named.forEach(function (li, index) { li.replaceWith(copies[index]); });
    Object.keys(own || {}).forEach(function (id) {
      if (!/^card-\d+$/.test(id)) return;
      var shared = fresh.querySelector("#" + id);
      if (shared) shared.outerHTML = own[id];
    });
    fresh.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (field) { field.value = token; });
    current.replaceWith(fresh);
    Object.keys(kept).forEach(function (id) {
      var field = document.getElementById(id);
      if (!field) return;
      field.value = kept[id].value;
      if (id === focused && typeof kept[id].start === "number" && field.setSelectionRange) {
        try { field.setSelectionRange(kept[id].start, kept[id].end); } catch (e) { /* not a text field */ }
      }
    });
    open.forEach(function (id) { var d = document.getElementById(id); if (d) d.open = true; });
    if (focused || fallback) {
      var again = document.getElementById(focused) || document.getElementById(fallback);
      if (again) again.focus({preventScroll: true});
    }
    return true;
  }

  function showOffline(offline) { banner.hidden = !offline; }

  function connect() {
    if (stopped) return;
    clearTimeout(timer);
    socket = new WebSocket(address());
    socket.onopen = function () {
      attempt = 0;
      showOffline(false);
      socket.send(JSON.stringify({type: "sync", revision: revision}));
    };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.type === "board" && typeof data.html === "string") {
        // Only what changed since the board of revision `base`: if that is not the one shown,
        // or a card is missing, ask for the whole board.
        if ((data.base !== undefined && data.base !== revision) || !swap(data.html, data.own)) {
          socket.send(JSON.stringify({type: "sync", revision: -1}));
        } else {
          revision = data.revision;
        }
      }
      if (data.announce) announce(data.announce);
    };
    socket.onclose = function (event) {
      socket = null;
      showOffline(true);
      if (event.code === 4403) { stopped = true; return; }  // no longer allowed: reload shows why
      // 1 s, 2 s, 4 s … up to 30 s, with jitter so that a restarted server is not hit at once.
      var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
      attempt += 1;
      timer = setTimeout(connect, delay);
    };
  }

  function connected() { return socket && socket.readyState === WebSocket.OPEN; }

  window.addEventListener("online", function () { if (!connected()) { attempt = 0; connect(); } });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !connected() && !stopped) { attempt = 0; connect(); }
  });

  // While connected, the board's forms post in the background (the change comes back over the
  // socket); an answer other than 204 (invalid input) is posted again the plain way, so the
  // server's page with the error message shows.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-board-live]") || form.dataset.boardPlain || !connected()) return;
    event.preventDefault();
    var body = new FormData(form);
    var submitter = event.submitter;
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    fetch(form.action, {method: "POST", body: body, credentials: "same-origin", headers: {"X-Board-Live": "1", "X-CSRFToken": token}})
      .then(function (response) {
        if (response.status === 204) {
          form.querySelectorAll("textarea").forEach(function (t) { t.value = ""; t.defaultValue = ""; });
          form.querySelectorAll("input[type=text]").forEach(function (t) {
            if (form.matches("[action$='/spalten/']")) { t.value = ""; t.defaultValue = ""; }
          });
          return;
        }
        form.dataset.boardPlain = "1";
        form.requestSubmit(submitter || undefined);
      })
      .catch(function () { form.dataset.boardPlain = "1"; form.requestSubmit(submitter || undefined); });
  });

  connect();
})();
