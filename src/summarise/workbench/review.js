(function () {
  "use strict";
  const items = Array.from(document.querySelectorAll(".item[data-key]"));
  const marks = Array.from(document.querySelectorAll("mark[data-keys]"));
  const byKey = new Map(items.map(function (li) { return [li.dataset.key, li]; }));

  function shownCategories() {
    return new Set(Array.from(document.querySelectorAll(".category-filter"))
      .filter(function (box) { return box.checked; }).map(function (box) { return box.value; }));
  }

  function refresh() {
    const categories = shownCategories();
    const actor = document.getElementById("actor-filter").value;
    items.forEach(function (li) {
      const actors = li.dataset.actors.split("\u001f");
      const visible = categories.has(li.dataset.category) && (!actor || actors.indexOf(actor) >= 0);
      li.classList.toggle("hidden", !visible);
    });
    document.querySelectorAll("h3[class^='heading-']").forEach(function (h) {
      h.nextElementSibling.classList.toggle("hidden", !categories.has(h.className.slice(8)));
      h.classList.toggle("hidden", !categories.has(h.className.slice(8)));
    });
    marks.forEach(function (mark) {
      const visible = mark.dataset.keys.split(" ").map(function (k) { return byKey.get(k); })
        .filter(function (li) { return li && !li.classList.contains("hidden"); });
      ["actors", "acquisitions", "stances"].forEach(function (c) {
        mark.classList.toggle("on-" + c, visible.some(function (li) { return li.dataset.category === c; }));
      });
    });
  }

  function activate(key) {
    marks.forEach(function (m) { m.classList.toggle("active", m.dataset.keys.split(" ").indexOf(key) >= 0); });
    items.forEach(function (li) { li.classList.toggle("active", li.dataset.key === key); });
    const first = marks.find(function (m) { return m.classList.contains("active"); });
    if (first) { first.scrollIntoView({block: "center", behavior: "smooth"}); }
  }

  items.forEach(function (li) { li.addEventListener("click", function () { activate(li.dataset.key); }); });
  marks.forEach(function (mark) {
    mark.addEventListener("click", function () {
      const key = mark.dataset.keys.split(" ").find(function (k) {
        const li = byKey.get(k); return li && !li.classList.contains("hidden");
      });
      if (key) { activate(key); byKey.get(key).scrollIntoView({block: "nearest"}); }
    });
  });
  document.querySelectorAll(".category-filter").forEach(function (box) { box.addEventListener("change", refresh); });
  document.getElementById("actor-filter").addEventListener("change", refresh);
  refresh();

  // The index: search over each article's title, text and items; sort the index and the articles alike.
  const rows = Array.from(document.querySelectorAll("#index tbody tr"));
  const articleOf = new Map(rows.map(function (row) { return [row, document.getElementById(row.dataset.key)]; }));
  const haystack = new Map(rows.map(function (row) { return [row, articleOf.get(row).textContent.toLowerCase()]; }));

  function search() {
    const query = document.getElementById("search").value.trim().toLowerCase();
    let shown = 0;
    rows.forEach(function (row) {
      const match = !query || haystack.get(row).indexOf(query) >= 0;
      row.classList.toggle("hidden", !match);
      articleOf.get(row).classList.toggle("hidden", !match);
      shown += match ? 1 : 0;
    });
    document.getElementById("shown-count").textContent = query ? shown + " of " + rows.length + " articles" : "";
  }

  function sortBy(key) {
    const sorted = rows.slice().sort(function (a, b) {
      if (key === "undecided") { return Number(b.dataset.undecided) - Number(a.dataset.undecided); }
      if (key === "date") { return (b.dataset.date || "").localeCompare(a.dataset.date || ""); }
      return a.dataset.title.localeCompare(b.dataset.title);
    });
    const body = rows[0] ? rows[0].parentElement : null;
    const main = document.querySelector("main");
    sorted.forEach(function (row) { body.appendChild(row); main.appendChild(articleOf.get(row)); });
  }

  document.getElementById("search").addEventListener("input", search);
  document.querySelectorAll("[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () { sortBy(button.dataset.sort); });
  });

  // The served workbench: decisions go back to the server that gave the page, with its token.
  const token = document.body.dataset.token;
  if (!token) { return; }
  let active = null;

  function send(decision, li) {
    return fetch("/decide", {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Summarise-Token": token},
      body: JSON.stringify(decision)
    }).then(function (response) {
      if (!response.ok) { throw new Error("the server refused the decision: " + response.status); }
      return response.json();
    }).then(function (answer) {
      if (li) {
        li.classList.remove("state-accept", "state-reject", "state-stale");
        if (answer.verdict) { li.classList.add("state-" + answer.verdict); }
        li.classList.toggle("state-corrected", answer.corrected);
      }
      return answer;
    }).catch(function (error) { window.alert(error.message); });
  }

  function decide(li, action, field, oldValue, newValue) {
    const article = li.closest("article").dataset.article;
    return send({article_id: article, item: li.dataset.item, fingerprint: li.dataset.fingerprint, action: action,
                 field: field || null, old: oldValue === undefined ? null : oldValue,
                 new: newValue === undefined ? null : newValue}, li);
  }

  // The correction form is built when it is first opened, from the item's fields.
  function correctionForm(li) {
    let form = li.querySelector("form.correct");
    if (form) { return form; }
    form = document.createElement("form");
    form.className = "correct";
    const fields = JSON.parse(li.dataset.fields);
    Object.keys(fields).forEach(function (name) {
      const label = document.createElement("label");
      label.textContent = name;
      const input = document.createElement("input");
      input.name = name;
      input.defaultValue = fields[name] === null ? "" : String(fields[name]);
      form.append(label, input);
    });
    const save = document.createElement("button");
    save.type = "submit";
    save.textContent = "save";
    form.append(save);
    form.addEventListener("click", function (event) { event.stopPropagation(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const changed = Array.from(form.querySelectorAll("input")).filter(function (input) {
        return input.value !== input.defaultValue;
      });
      changed.reduce(function (sent, input) {
        return sent.then(function () { return decide(li, "correct", input.name, input.defaultValue, input.value); });
      }, Promise.resolve()).then(function () { form.classList.remove("open"); });
    });
    li.append(form);
    return form;
  }

  function edit(li) {
    const form = correctionForm(li);
    form.classList.toggle("open");
    const first = form.querySelector("input");
    if (form.classList.contains("open") && first) { first.focus(); }
  }

  function visibleItems() { return items.filter(function (li) { return !li.classList.contains("hidden"); }); }

  function move(step) {
    const shown = visibleItems();
    if (!shown.length) { return; }
    const at = shown.indexOf(active);
    active = shown[Math.min(shown.length - 1, Math.max(0, at < 0 ? 0 : at + step))];
    activate(active.dataset.key);
    active.scrollIntoView({block: "nearest"});
  }

  items.forEach(function (li) {
    li.addEventListener("click", function () { active = li; });
    li.querySelectorAll(".decide button").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.stopPropagation();
        active = li;
        if (button.dataset.action === "edit") { edit(li); } else { decide(li, button.dataset.action); }
      });
    });
  });

  function offsetIn(text, node, offset) {
    const holder = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const segment = holder && holder.closest("[data-start]");
    return segment && text.contains(segment) ? Number(segment.dataset.start) + offset : null;
  }

  document.querySelectorAll(".add-missing-open").forEach(function (opener) {
    opener.addEventListener("click", function () {
      const form = document.getElementById("add-missing").content.firstElementChild.cloneNode(true);
      opener.replaceWith(form);
      missingItemForm(form);
    });
  });

  function missingItemForm(form) {
    const article = form.closest("article");
    const text = article.querySelector(".text");
    function showFields() {
      form.querySelectorAll("[class^='fields-']").forEach(function (span) {
        span.classList.toggle("hidden", span.className.split(" ")[0] !== "fields-" + form.elements.category.value);
      });
    }
    form.elements.category.addEventListener("change", showFields);
    showFields();
    // The selection is kept when it is made: filling the form's fields moves the focus and clears it.
    function remember() {
      const selection = window.getSelection();
      if (!selection.rangeCount || selection.isCollapsed) { return; }
      const ends = [offsetIn(text, selection.anchorNode, selection.anchorOffset),
                    offsetIn(text, selection.focusNode, selection.focusOffset)];
      if (ends[0] === null || ends[1] === null) { return; }
      form.dataset.start = Math.min(ends[0], ends[1]);
      form.dataset.end = Math.max(ends[0], ends[1]);
      form.querySelector(".selected-quote").textContent = selection.toString();
    }
    remember();
    document.addEventListener("selectionchange", remember);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.dataset.end) {
        window.alert("select the sentence that states the item in this article's text first");
        return;
      }
      const category = form.elements.category.value;
      const fields = {start: Number(form.dataset.start), end: Number(form.dataset.end)};
      form.querySelectorAll(".fields-" + category + " input").forEach(function (input) {
        fields[input.name.slice(category.length + 1)] = input.value || null;
      });
      send({article_id: article.dataset.article, item: category + "-new", action: "add", fingerprint: "",
            new: fields}, null).then(function (answer) { if (answer) { window.location.reload(); } });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, select, textarea, button") || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (event.key === "j") { move(1); } else if (event.key === "k") { move(-1); } else if (!active) { return; }
    else if (event.key === "a") { decide(active, "accept"); } else if (event.key === "r") { decide(active, "reject"); }
    else if (event.key === "e") { event.preventDefault(); edit(active); }
  });
})();
