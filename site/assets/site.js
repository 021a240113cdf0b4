// nntopo report site: toggles for the snapshot grid and styled tooltips.
// Plain JavaScript, no dependencies; the pages read fully without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // ---- toggles -------------------------------------------------------------
  // Each .toolbar holds groups [data-toggle=name] of buttons [data-value];
  // the section that holds the toolbar filters its [data-<name>] elements.
  function setupSection(section) {
    const groups = section.querySelectorAll(".toolbar [data-toggle]");
    if (groups.length === 0) return;
    const state = {};
    groups.forEach(function (group) {
      state[group.dataset.toggle] = group.dataset.initial;
    });
    readHash(section.id, state);
    function apply() {
      groups.forEach(function (group) {
        group.querySelectorAll("button").forEach(function (b) {
          b.setAttribute("aria-pressed", String(b.dataset.value === state[group.dataset.toggle]));
        });
      });
      if ("epoch" in state || "split" in state) {
        section.querySelectorAll(".snapshot").forEach(function (el) {
          el.hidden = el.dataset.epoch !== state.epoch || el.dataset.split !== state.split;
        });
        section.querySelectorAll(".layer-row").forEach(function (el) {
          el.hidden = state.layer !== "all" && el.dataset.layer !== state.layer;
        });
      }
      if ("metric dimension" in state) {
        section.querySelectorAll(".metric-dim").forEach(function (el) {
          el.hidden = el.dataset.dim !== state["metric dimension"];
        });
      }
    }
    groups.forEach(function (group) {
      group.addEventListener("click", function (event) {
        const button = event.target.closest("button[data-value]");
        if (!button) return;
        state[group.dataset.toggle] = button.dataset.value;
        apply();
        writeHash(section.id, state);
      });
    });
    section.querySelectorAll(".toolbar").forEach(function (t) {
      t.hidden = false;
    });
    apply();
  }

  // The hash remembers the snapshot choice: #snapshots:epoch=2,split=all,layer=all
  function readHash(id, state) {
    const m = new RegExp("^#" + id + ":(.*)$").exec(decodeURIComponent(location.hash));
    if (!m) return;
    m[1].split(",").forEach(function (pair) {
      const kv = pair.split("=");
      if (kv.length === 2 && kv[0] in state) state[kv[0]] = kv[1];
    });
  }
  function writeHash(id, state) {
    if (id !== "snapshots") return;
    const parts = Object.keys(state).map(function (k) {
      return k + "=" + state[k];
    });
    history.replaceState(null, "", "#" + id + ":" + parts.join(","));
  }

  // ---- tooltips --------------------------------------------------------------
  // Chart marks carry SVG <title> children; show them at once in a styled box.
  let tip = null;
  function showTip(event) {
    const target = event.target;
    const title = target && target.querySelector ? target.querySelector(":scope > title") : null;
    if (!title || !target.closest("figure.chart")) {
      hideTip();
      return;
    }
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "tooltip";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    tip.textContent = title.textContent;
    tip.hidden = false;
    tip.style.left = Math.min(event.clientX + 12, globalThis.innerWidth - tip.offsetWidth - 4) +
      "px";
    tip.style.top = (event.clientY + 14) + "px";
  }
  function hideTip() {
    if (tip) tip.hidden = true;
  }

  // ---- cycles ----------------------------------------------------------------
  // The longest H1 bars of a barcode link to #<cycles id>-b<k>: show bar k's
  // loop (its marks have class cycle-bar-<k>) and caption, without jumping.
  function showCycle(event) {
    const link = event.target.closest ? event.target.closest("a") : null;
    const href = link ? link.getAttribute("href") || "" : "";
    const m = /^#(cycle-.*)-b(\d+)$/.exec(href);
    const box = m ? document.getElementById(m[1]) : null;
    if (!box) return;
    event.preventDefault();
    box.dataset.bar = m[2];
    box.querySelectorAll('g[class^="cycle-bar-"]').forEach(function (g) {
      g.style.display = g.getAttribute("class") === "cycle-bar-" + m[2] ? "inline" : "none";
    });
    box.querySelectorAll(".cycle-caption").forEach(function (p) {
      p.hidden = p.id !== m[1] + "-b" + m[2];
    });
  }

  function init() {
    document.addEventListener("click", showCycle);
    document.querySelectorAll("main > section").forEach(setupSection);
    document.addEventListener("mouseover", showTip);
    document.addEventListener("mousemove", function (e) {
      if (tip && !tip.hidden) showTip(e);
    });
    document.addEventListener("mouseout", function (e) {
      if (!e.relatedTarget) hideTip();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
