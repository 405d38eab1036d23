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
})();
