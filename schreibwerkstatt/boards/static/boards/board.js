// The live board (boards/consumers.py): swaps the board the server renders after every change,
// posts the board's forms in the background while connected, reconnects by itself and
// catches up. Without JavaScript every form still works as a plain POST.
// The server sends the board shared by everybody of the person's perspective, without CSRF
// tokens, and the cards the person wrote, as they see them, and their own dots of the vote
// (#board-my-dots) apart (boards/snapshots.py): those replace their shared versions, and the
// page's token goes into the forms.
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
    // Where the focus goes when its element is gone (a deleted card, a dot taken back): the
    // heading of its column or of the person's dots.
    var column = active && active.closest("section[id^='column-'], #board-my-dots");
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
    // Cards named only (a run of card numbers) are unchanged since the board shown: this
    // page's copies go there.
    var named = Array.prototype.slice.call(fresh.querySelectorAll("li[data-keep]"));
    var copies = named.map(function (li) {
      if (!/^\d+( \d+)*$/.test(li.dataset.keep)) return null;
      var run = li.dataset.keep.split(" ").map(function (pk) { return current.querySelector("#card-" + pk); });
      return run.indexOf(null) >= 0 ? null : run;
    });
    if (copies.indexOf(null) >= 0) return false;
    named.forEach(function (li, index) { li.replaceWith.apply(li, copies[index]); });
    Object.keys(own || {}).forEach(function (id) {
      if (!/^(card-\d+|board-my-dots)$/.test(id)) return;
      var shared = fresh.querySelector("#" + id);
      if (shared) shared.outerHTML = own[id];
    });
    fresh.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (field) { field.value = token; });
    current.replaceWith(fresh);
    draggable();
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
            if (form.matches("[action$='/spalten/'], [action$='/gruppen/']")) { t.value = ""; t.defaultValue = ""; }
          });
          return;
        }
        form.dataset.boardPlain = "1";
        form.requestSubmit(submitter || undefined);
      })
      .catch(function () { form.dataset.boardPlain = "1"; form.requestSubmit(submitter || undefined); });
  });

  // Drag and drop for mouse users (the menus of each card stay the way for the keyboard and
  // for everybody else): a card dropped on another column posts its "Move to …" form, dropped
  // on a group its "Group:" form (on a group of another column: moved first, then grouped),
  // dropped on its own column outside the groups its "Group:" form with "No group". What
  // moved is read out by the announcer like every change. Only cards the person may move or
  // group carry data-board-card; they become draggable when a fine pointer hovers them.
  var fine = window.matchMedia && window.matchMedia("(pointer: fine)").matches;
  var dragged = null;

  function cardForms(card) {
    return {
      move: card.querySelector("form[action$='/verschieben/']"),
      group: card.querySelector("form.sw-card__cluster")
    };
  }

  // What a drop on `element` would do with the dragged card: [{form/action, fields}] or null.
  function dropPlan(card, element) {
    if (!card || !element) return null;
    var column = element.closest("section.sw-board__column");
    if (!column) return null;
    var columnId = column.id.replace("column-", "");
    var cluster = element.closest("[data-board-drop-cluster]");
    var forms = cardForms(card);
    var sameColumn = card.dataset.boardColumn === columnId;
    var clustering = !!column.querySelector(".sw-board__cluster-tools");
    var steps = [];
    if (!sameColumn) {
      if (!forms.move) return null;
      steps.push({action: forms.move.action, form: forms.move, fields: {column: columnId}});
    }
    if (cluster && clustering) {
      var clusterId = cluster.dataset.boardDropCluster;
      if (sameColumn && card.dataset.boardCluster === clusterId) return null;
      if (!forms.group && !forms.move) return null;
      var action = forms.group ? forms.group.action : forms.move.action.replace(/verschieben\/$/, "gruppe/");
      steps.push({action: action, form: forms.group || forms.move, fields: {cluster: clusterId}});
    } else if (sameColumn) {
      if (!card.dataset.boardCluster || !forms.group || !clustering) return null;
      steps.push({action: forms.group.action, form: forms.group, fields: {cluster: ""}});
    }
    return steps.length ? steps : null;
  }

  function post(step) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    Object.keys(step.fields).forEach(function (name) { body.append(name, step.fields[name]); });
    return fetch(step.action, {method: "POST", body: body, credentials: "same-origin", headers: {"X-Board-Live": "1", "X-CSRFToken": token}});
  }

  // One step after the other; a refused step is sent again the plain way, so the page with
  // the server's message shows (as the forms do, above).
  function run(steps) {
    if (!steps.length) return;
    var step = steps[0];
    post(step).then(function (response) {
      if (response.status === 204) { run(steps.slice(1)); return; }
      plain(step);
    }).catch(function () { plain(step); });
  }

  function plain(step) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = step.action;
    form.hidden = true;
    var fields = Object.assign({csrfmiddlewaretoken: token}, step.fields);
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function clearTarget() {
    document.querySelectorAll(".sw-board__drop-target").forEach(function (el) { el.classList.remove("sw-board__drop-target"); });
  }

  function targetOf(element) {
    return element.closest("[data-board-drop-cluster]") || element.closest("section.sw-board__column");
  }

  // Called for the page's board and for every board swapped in.
  function draggable() {
    if (!fine) return;
    document.querySelectorAll("#board-live li[data-board-card]").forEach(function (card) {
      card.draggable = true;
      card.setAttribute("data-board-draggable", "");
    });
  }
  draggable();
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("li[data-board-card]");
    if (!card || !card.closest("#board-live")) return;  // the board now shown (swapped)
    dragged = card.id;
    card.classList.add("sw-card--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });
  document.addEventListener("dragover", function (event) {
    if (!dragged || !event.target.closest) return;
    var card = document.getElementById(dragged);
    var target = targetOf(event.target);
    clearTarget();
    if (!dropPlan(card, event.target)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    target.classList.add("sw-board__drop-target");
  });
  document.addEventListener("drop", function (event) {
    if (!dragged || !event.target.closest) return;
    var steps = dropPlan(document.getElementById(dragged), event.target);
    clearTarget();
    if (!steps) return;
    event.preventDefault();
    run(steps);
  });
  document.addEventListener("dragend", function () {
    var card = dragged && document.getElementById(dragged);
    if (card) card.classList.remove("sw-card--dragging");
    dragged = null;
    clearTarget();
  });

  connect();
})();

// The phase's timer: the page shows until when it runs ("until 14:35"), this counts down next
// to it (role="timer", never read out by itself) and says once, politely, when the time is up.
(function () {
  "use strict";
  var announcer = document.getElementById("board-announcer");
  var told = {};
  var first = true;

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    var timer = document.getElementById("board-timer");
    if (timer && timer.dataset.boardTimer) {
      var ends = Date.parse(timer.dataset.boardTimer);
      var output = timer.querySelector("[role=timer]");
      if (!isNaN(ends) && output) {
        var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
        var text;
        if (left > 0) {
          var clock = Math.floor(left / 3600) > 0
            ? Math.floor(left / 3600) + ":" + two(Math.floor(left / 60) % 60) + ":" + two(left % 60)
            : Math.floor(left / 60) + ":" + two(left % 60);
          text = (timer.dataset.boardLeft || "{time}").replace("{time}", clock);
        } else {
          text = timer.dataset.boardTimeup || "";
          // once per timer, and not for one that was over before the page was opened
          if (!told[timer.dataset.boardTimer]) {
            told[timer.dataset.boardTimer] = true;
            if (!first && announcer) announcer.textContent = text;
          }
        }
        if (output.textContent !== text) output.textContent = text;
        output.hidden = false;
      }
    }
    first = false;
  }

  tick();
  setInterval(tick, 1000);
})();
