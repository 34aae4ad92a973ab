/* The decisiontree viewer: draws the tree from the JSON in #dt-data, folds and
   unfolds subtrees, pans and zooms, searches, and shows the details of a node.
   Every text from the model is set with textContent, never parsed as markup. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("dt-data").textContent);
  var N = data.parent.length;
  var FONT = getComputedStyle(document.body).getPropertyValue("--font") || "Helvetica, Arial, sans-serif";
  var FAN = 26, GAP = 10, SIBLING_GAP = 6, LABEL_GAP = 2, LABEL_PAD = 6, MIN_STEM = 12;
  var LINE = 1.22, TRIANGLE = [11, 13], TRIANGLE_GAP = 4, PAD = [8, 4];

  // ----------------------------------------------------------------- the tree's structure
  var kids = new Array(N);
  var depth = new Int32Array(N);
  var size = new Int32Array(N);
  var i, v;
  for (i = 0; i < N; i++) kids[i] = [];
  for (v = 1; v < N; v++) {
    kids[data.parent[v]].push(v);
    depth[v] = depth[data.parent[v]] + 1;
  }
  for (v = N - 1; v >= 0; v--) {
    size[v] += 1;
    if (v > 0) size[data.parent[v]] += size[v];
  }
  var maxDepth = 0;
  for (v = 0; v < N; v++) if (depth[v] > maxDepth) maxDepth = depth[v];
  var folded = new Uint8Array(N);
  function foldBelow(level) {
    for (var v = 0; v < N; v++) folded[v] = kids[v].length && depth[v] >= level ? 1 : 0;
  }
  foldBelow(data.depth);
  var kindName = { d: "decision", c: "chance", t: "terminal" };
  var parameterNames = {};
  data.parameters.forEach(function (row) { parameterNames[row.name] = row; });

  // ----------------------------------------------------------------- measuring text
  var context = document.createElement("canvas").getContext("2d");
  var widths = new Map();
  function textWidth(text, size, bold) {
    var key = (bold ? "b" : "r") + size + "|" + text;
    var known = widths.get(key);
    if (known !== undefined) return known;
    context.font = (bold ? "bold " : "") + size + "px " + FONT;
    var width = context.measureText(text).width;
    widths.set(key, width);
    return width;
  }
  function blockSize(lines) {
    var w = 0, h = 0;
    for (var k = 0; k < lines.length; k++) {
      var line = lines[k];
      var lw = textWidth(line.text, line.size, line.bold);
      if (lw > w) w = lw;
      h += line.size * LINE;
    }
    return [w, h];
  }
  function line(text, size, cls, bold) {
    return { text: text, size: size, cls: cls, bold: !!bold };
  }
  function splitLines(text, size, cls, bold) {
    return String(text).split("\n").map(function (part) { return line(part, size, cls, bold); });
  }

  // What one node shows, measured once.
  var boxes = new Array(N);
  function box(v) {
    if (boxes[v]) return boxes[v];
    var kind = data.kind[v];
    var lines = [];
    if (kind === "t") {
      if (data.name[v]) lines = lines.concat(splitLines(data.name[v], 11, "name"));
      if (data.own[v]) lines.push(line(data.own[v], 11, "value"));
    } else {
      if (data.name[v]) lines = lines.concat(splitLines(data.name[v], 11, "name", true));
      if (data.owner[v]) lines.push(line(data.owner[v], 9, "owner"));
      if (data.value[v]) lines.push(line(data.value[v], 11, "value"));
    }
    var text = blockSize(lines);
    var w, h;
    if (kind === "d") { w = Math.max(text[0] + 2 * PAD[0], 30); h = Math.max(text[1] + 2 * PAD[1], 22); }
    else if (kind === "c") { w = h = Math.hypot(text[0], text[1]) + 6; }
    else { w = TRIANGLE[0] + (lines.length ? TRIANGLE_GAP + text[0] : 0); h = Math.max(TRIANGLE[1], text[1]); }
    var above = data.label[v] ? splitLines(data.label[v], 10, "label") : [];
    var below = [];
    if (data.prob[v]) below.push(line(data.prob[v], 10, "probability"));
    if (data.pay[v]) below.push(line(data.pay[v], 10, "payoff"));
    var a = blockSize(above), b = blockSize(below);
    boxes[v] = {
      lines: lines, text: text, w: w, h: h, above: above, below: below,
      labelW: Math.max(a[0], b[0]), up: a[1], down: b[1]
    };
    return boxes[v];
  }

  // ----------------------------------------------------------------- the tidy layout
  // The same layout as the static diagrams (decisiontree/render/layout.py): columns per
  // depth, straight stems carrying the branch texts, subtrees packed by Walker's
  // algorithm in Buchheim et al.'s linear-time form.
  function layout(visible) {
    var n = visible.length;
    var at = new Map();
    var parent = new Int32Array(n), level = new Int32Array(n);
    var extent = new Float64Array(n), before = [], after = [], stemText = new Float64Array(n);
    var hasKids = new Uint8Array(n);
    var k, d;
    for (k = 0; k < n; k++) at.set(visible[k], k);
    var circle = 0;
    for (k = 0; k < n; k++) {
      var b = box(visible[k]);
      if (data.kind[visible[k]] === "c" && b.w > circle) circle = b.w;
    }
    circle = Math.min(circle, 216);
    var sizes = [];
    for (k = 0; k < n; k++) {
      v = visible[k];
      var bx = box(v);
      var w = bx.w, h = bx.h;
      if (data.kind[v] === "c") w = h = circle;
      if (folded[v]) w += 24; // room for the "+n" badge
      sizes.push([w, h]);
      parent[k] = k ? at.get(data.parent[v]) : -1;
      if (k) { level[k] = level[parent[k]] + 1; hasKids[parent[k]] = 1; }
      extent[k] = w;
      before.push(Math.max(h / 2, bx.up ? bx.up + LABEL_GAP : 0));
      after.push(Math.max(h / 2, bx.down ? bx.down + LABEL_GAP : 0));
      stemText[k] = k ? bx.labelW : 0;
    }
    var levels = 0;
    for (k = 0; k < n; k++) if (level[k] + 1 > levels) levels = level[k] + 1;
    var widest = new Float64Array(levels), stem = new Float64Array(levels).fill(MIN_STEM);
    for (k = 0; k < n; k++) {
      d = level[k];
      if (hasKids[k] && extent[k] > widest[d]) widest[d] = extent[k];
      if (k && stemText[k] + 2 * LABEL_PAD > stem[d]) stem[d] = stemText[k] + 2 * LABEL_PAD;
    }
    var column = new Float64Array(levels);
    for (d = 1; d < levels; d++) column[d] = column[d - 1] + widest[d - 1] + FAN + stem[d];
    // placeholders after leaves whose boxes reach into later columns
    var up = Array.from(parent), children = [], eb = before.slice(), ea = after.slice();
    for (k = 0; k < n; k++) children.push([]);
    for (k = 1; k < n; k++) children[parent[k]].push(k);
    for (k = 0; k < n; k++) {
      if (hasKids[k]) continue;
      var end = column[level[k]] + extent[k], last = k;
      for (d = level[k] + 1; d < levels; d++) {
        if (end <= column[d] - stem[d] - FAN + 2) break;
        var dummy = up.length;
        up.push(last); eb.push(before[k]); ea.push(after[k]); children.push([]);
        children[last].push(dummy);
        last = dummy;
      }
    }
    var breadth = walker(up, children, eb, ea);
    var low = Infinity;
    for (k = 0; k < up.length; k++) low = Math.min(low, breadth[k] - eb[k]);
    var spread = new Float64Array(levels);
    for (k = 1; k < n; k++) {
      d = level[k];
      spread[d] = Math.max(spread[d], Math.abs(breadth[k] - breadth[parent[k]]));
    }
    for (d = 1; d < levels; d++) {
      column[d] = column[d - 1] + widest[d - 1] + Math.min(Math.max(FAN, 0.2 * spread[d]), 3 * FAN) + stem[d];
    }
    var out = { x: new Float64Array(n), y: new Float64Array(n), sizes: sizes, column: column, stem: stem,
      level: level, parent: parent, extent: extent, width: 0, height: 0 };
    for (k = 0; k < n; k++) {
      out.x[k] = column[level[k]] + extent[k] / 2;
      out.y[k] = breadth[k] - low;
      out.width = Math.max(out.width, column[level[k]] + extent[k]);
      out.height = Math.max(out.height, out.y[k] + ea[k]);
    }
    return out;
  }

  function walker(parent, children, before, after) {
    var n = parent.length;
    var prelim = new Float64Array(n), mod = new Float64Array(n), shift = new Float64Array(n);
    var change = new Float64Array(n), thread = new Int32Array(n).fill(-1), ancestor = new Int32Array(n);
    var number = new Int32Array(n), leftSibling = new Int32Array(n).fill(-1), defaultAncestor = new Int32Array(n).fill(-1);
    var k, v, w;
    for (v = 0; v < n; v++) {
      ancestor[v] = v;
      var kidsOf = children[v];
      for (k = 0; k < kidsOf.length; k++) {
        number[kidsOf[k]] = k;
        if (k) leftSibling[kidsOf[k]] = kidsOf[k - 1];
      }
    }
    function separation(a, b) {
      return after[a] + before[b] + (parent[a] === parent[b] ? SIBLING_GAP : GAP);
    }
    function nextLeft(v) { var c = children[v]; return c.length ? c[0] : thread[v]; }
    function nextRight(v) { var c = children[v]; return c.length ? c[c.length - 1] : thread[v]; }
    function moveSubtree(wm, wp, amount) {
      var subtrees = number[wp] - number[wm];
      change[wp] -= amount / subtrees; shift[wp] += amount; change[wm] += amount / subtrees;
      prelim[wp] += amount; mod[wp] += amount;
    }
    function apportion(v, dflt) {
      var w = leftSibling[v];
      if (w < 0) return dflt;
      var vip = v, vop = v, vim = w, vom = children[parent[v]][0];
      var sip = mod[vip], sop = mod[vop], sim = mod[vim], som = mod[vom];
      for (;;) {
        var r = nextRight(vim), l = nextLeft(vip);
        if (r < 0 || l < 0) break;
        vim = r; vip = l; vom = nextLeft(vom); vop = nextRight(vop);
        ancestor[vop] = v;
        var amount = (prelim[vim] + sim) - (prelim[vip] + sip) + separation(vim, vip);
        if (amount > 0) {
          var candidate = ancestor[vim];
          moveSubtree(parent[candidate] === parent[v] ? candidate : dflt, v, amount);
          sip += amount; sop += amount;
        }
        sim += mod[vim]; sip += mod[vip]; som += mod[vom]; sop += mod[vop];
      }
      if (nextRight(vim) >= 0 && nextRight(vop) < 0) { thread[vop] = nextRight(vim); mod[vop] += sim - sop; }
      if (nextLeft(vip) >= 0 && nextLeft(vom) < 0) { thread[vom] = nextLeft(vip); mod[vom] += sip - som; dflt = v; }
      return dflt;
    }
    var stack = n ? [[0, false]] : [];
    while (stack.length) {
      var top = stack.pop();
      v = top[0];
      if (!top[1]) {
        stack.push([v, true]);
        for (k = children[v].length - 1; k >= 0; k--) stack.push([children[v][k], false]);
        continue;
      }
      var c = children[v], s = leftSibling[v];
      if (c.length) {
        var totalShift = 0, totalChange = 0;
        for (k = c.length - 1; k >= 0; k--) {
          w = c[k];
          prelim[w] += totalShift; mod[w] += totalShift;
          totalChange += change[w]; totalShift += shift[w] + totalChange;
        }
        var mid = (prelim[c[0]] + prelim[c[c.length - 1]]) / 2;
        if (s >= 0) { prelim[v] = prelim[s] + separation(s, v); mod[v] = prelim[v] - mid; }
        else prelim[v] = mid;
      } else if (s >= 0) {
        prelim[v] = prelim[s] + separation(s, v);
      }
      var p = parent[v];
      if (p >= 0) {
        if (defaultAncestor[p] < 0) defaultAncestor[p] = v;
        defaultAncestor[p] = apportion(v, defaultAncestor[p]);
      }
    }
    var position = new Float64Array(n), modsum = new Float64Array(n);
    var order = n ? [0] : [];
    while (order.length) {
      v = order.pop();
      position[v] = prelim[v] + modsum[v];
      for (k = 0; k < children[v].length; k++) {
        modsum[children[v][k]] = modsum[v] + mod[v];
        order.push(children[v][k]);
      }
    }
    return position;
  }

  // ----------------------------------------------------------------- drawing
  var svg = document.getElementById("tree");
  var viewport = document.getElementById("viewport");
  var edgeLayer = document.getElementById("edges");
  var nodeLayer = document.getElementById("nodes");
  var view = { x: 20, y: 20, k: 1 };
  var placed = null, visible = [], where = new Map();
  var selected = -1, matches = new Set();

  function el(name, attributes, parent) {
    var node = document.createElementNS(SVG, name);
    for (var key in attributes) node.setAttribute(key, attributes[key]);
    if (parent) parent.appendChild(node);
    return node;
  }
  function texts(parent, lines, x, top, anchor) {
    var y = top;
    for (var k = 0; k < lines.length; k++) {
      var l = lines[k], h = l.size * LINE;
      var t = el("text", { x: x.toFixed(1), y: (y + h / 2 + l.size * 0.35).toFixed(1), "font-size": l.size, "class": l.cls }, parent);
      if (anchor !== "start") t.setAttribute("text-anchor", anchor);
      if (l.bold) t.setAttribute("font-weight", "bold");
      t.textContent = l.text;
      y += h;
    }
  }
  function visibleNodes() {
    var out = [], stack = [0];
    while (stack.length) {
      var v = stack.pop();
      out.push(v);
      if (!folded[v]) for (var k = kids[v].length - 1; k >= 0; k--) stack.push(kids[v][k]);
    }
    return out;
  }
  function ownerColor(v) {
    var owner = data.owner[v];
    return owner && data.colors[owner] ? data.colors[owner] : null;
  }
  function tint(color) {
    var m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
    if (!m) return color;
    return "#" + [1, 2, 3].map(function (j) {
      var c = parseInt(m[j], 16);
      return Math.round(c + (255 - c) * 0.78).toString(16).padStart(2, "0");
    }).join("");
  }

  function draw() {
    visible = visibleNodes();
    placed = layout(visible);
    where = new Map();
    visible.forEach(function (v, k) { where.set(v, k); });
    var edges = document.createDocumentFragment(), nodes = document.createDocumentFragment();
    for (var k = 0; k < visible.length; k++) {
      var v = visible[k], b = box(v), x = placed.x[k], y = placed.y[k];
      var w = placed.sizes[k][0] - (folded[v] ? 24 : 0), h = placed.sizes[k][1];
      var kind = kindName[data.kind[v]];
      if (k) {
        var p = placed.parent[k], d = placed.level[k];
        var sx = placed.column[placed.level[p]] + placed.extent[p] - (folded[visible[p]] ? 24 : 0), sy = placed.y[p];
        var fx = placed.column[d] - placed.stem[d], ex = placed.column[d];
        var cls = "edge " + (data.chosen[v] === "1" ? "chosen" : data.chosen[v] === "0" ? "rejected" : "plain");
        if (data.optimal[v] === "1" && data.highlighted) cls += " optimal";
        var g = el("g", { "class": cls, "data-id": v }, edges);
        el("path", { d: "M" + sx.toFixed(1) + "," + sy.toFixed(1) + " L" + fx.toFixed(1) + "," + y.toFixed(1) + " L" + ex.toFixed(1) + "," + y.toFixed(1) }, g);
        if (data.chosen[v] === "0") {
          var len = Math.hypot(fx - sx, y - sy) || 1, ux = (fx - sx) / len, uy = (y - sy) / len;
          [7, 10.5].forEach(function (at) {
            var cx = sx + ux * at, cy = sy + uy * at;
            el("line", { "class": "bar", x1: cx - uy * 5, y1: cy + ux * 5, x2: cx + uy * 5, y2: cy - ux * 5 }, g);
          });
        }
        var mx = ex - placed.stem[d] / 2;
        if (b.above.length) texts(g, b.above, mx, y - LABEL_GAP - b.up, "middle");
        if (b.below.length) texts(g, b.below, mx, y + LABEL_GAP, "middle");
      }
      var left = placed.column[placed.level[k]];
      var node = el("g", { "class": "node " + kind, "data-id": v, tabindex: "0" }, nodes);
      if (data.optimal[v] === "1" && data.highlighted) node.classList.add("optimal");
      if (folded[v]) node.classList.add("collapsed");
      if (matches.has(v)) node.classList.add("match");
      if (v === selected) node.classList.add("selected");
      var title = el("title", {}, node);
      title.textContent = tooltip(v);
      var color = ownerColor(v);
      if (kind === "decision") {
        el("rect", { "class": "halo", x: left - 4, y: y - h / 2 - 4, width: w + 8, height: h + 8, rx: 4 }, node);
        var r = el("rect", { "class": "shape", x: left, y: y - h / 2, width: w, height: h }, node);
        if (color) { r.style.fill = tint(color); r.style.stroke = color; }
        texts(node, b.lines, left + w / 2, y - b.text[1] / 2, "middle");
      } else if (kind === "chance") {
        el("circle", { "class": "halo", cx: left + w / 2, cy: y, r: w / 2 + 4 }, node);
        el("circle", { "class": "shape", cx: left + w / 2, cy: y, r: w / 2 }, node);
        texts(node, b.lines, left + w / 2, y - b.text[1] / 2, "middle");
      } else {
        el("rect", { "class": "halo", x: left - 3, y: y - h / 2 - 3, width: w + 6, height: h + 6, rx: 4 }, node);
        el("polygon", { "class": "shape", points: [left, y, left + TRIANGLE[0], y - TRIANGLE[1] / 2, left + TRIANGLE[0], y + TRIANGLE[1] / 2].join(" ") }, node);
        texts(node, b.lines, left + TRIANGLE[0] + TRIANGLE_GAP, y - b.text[1] / 2, "start");
      }
      if (folded[v]) {
        var bx = left + w + 4;
        el("rect", { "class": "fold-box", x: bx, y: y - 8, width: 20, height: 16, rx: 3 }, node);
        var label = el("text", { "class": "fold", x: bx + 10, y: y + 3.5, "text-anchor": "middle" }, node);
        label.textContent = "+";
        var hidden = el("title", {}, node);
        hidden.textContent = (size[v] - 1) + " more nodes";
      }
    }
    edgeLayer.replaceChildren(edges);
    nodeLayer.replaceChildren(nodes);
    status();
  }

  function tooltip(v) {
    var parts = [(data.name[v] || "(no name)")];
    if (data.label[v]) parts.push("branch: " + data.label[v]);
    if (data.prob[v]) parts.push("probability: " + data.prob[v] + (data.probFormula[v] ? " (" + data.probFormula[v] + ")" : ""));
    if (data.value[v]) parts.push("value: " + data.value[v]);
    if (data.notes[v]) parts.push(data.notes[v]);
    if (folded[v]) parts.push((size[v] - 1) + " more nodes: click to unfold");
    return parts.join("\n");
  }

  function status() {
    document.getElementById("status").textContent =
      visible.length.toLocaleString() + " of " + N.toLocaleString() + " nodes shown";
  }

  function apply() {
    viewport.setAttribute("transform", "translate(" + view.x.toFixed(2) + "," + view.y.toFixed(2) + ") scale(" + view.k.toFixed(4) + ")");
  }
  function fit() {
    var rect = svg.getBoundingClientRect();
    var w = placed.width + 40, h = placed.height + 40;
    view.k = Math.min(2, Math.max(0.02, Math.min(rect.width / w, rect.height / h)));
    view.x = (rect.width - placed.width * view.k) / 2;
    view.y = (rect.height - placed.height * view.k) / 2;
    apply();
  }
  function start() {
    // A small tree fits the window; a big one opens readable, its root at the left.
    fit();
    if (view.k < 0.6) {
      var rect = svg.getBoundingClientRect();
      view.k = 0.8;
      view.x = 20;
      view.y = rect.height / 2 - placed.y[0] * view.k;
      apply();
    }
  }
  function centre(v) {
    var k = where.get(v);
    if (k === undefined) return;
    var rect = svg.getBoundingClientRect();
    view.k = Math.max(view.k, 0.8);
    view.x = rect.width / 2 - placed.x[k] * view.k;
    view.y = rect.height / 2 - placed.y[k] * view.k;
    apply();
  }

  // ----------------------------------------------------------------- details of a node
  function path(v) {
    var labels = [];
    while (v > 0) { labels.push(data.label[v]); v = data.parent[v]; }
    return labels.reverse();
  }
  function add(list, term, text) {
    if (text === "" || text === undefined || text === null) return;
    var dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = term; dd.textContent = text;
    list.appendChild(dt); list.appendChild(dd);
  }
  function scenarios(v) {
    // the terminals reached from v under the policy: chance branches all, decisions their choice
    var out = [], stack = [[v, 1]];
    while (stack.length && out.length < 5000) {
      var top = stack.pop(), u = top[0], p = top[1];
      if (data.kind[u] === "t") { out.push([u, p]); continue; }
      var children = kids[u];
      for (var k = children.length - 1; k >= 0; k--) {
        var c = children[k];
        if (data.kind[u] === "d" && data.chosen[c] === "0") continue;
        var q = data.kind[u] === "c" && data.p[c] !== null ? p * data.p[c] : p;
        if (q > 0) stack.push([c, q]);
      }
    }
    out.sort(function (a, b) { return b[1] - a[1]; });
    return out;
  }
  function details(v) {
    var box = document.getElementById("details");
    box.replaceChildren();
    var h = document.createElement("h3");
    h.textContent = data.name[v] || "(no name)";
    box.appendChild(h);
    var where = document.createElement("p");
    where.className = "path";
    var labels = path(v);
    where.textContent = labels.length ? "tree > " + labels.join(" > ") : "tree (root)";
    box.appendChild(where);
    var list = document.createElement("dl");
    add(list, "kind", kindName[data.kind[v]] + (data.owner[v] ? ", decided by " + data.owner[v] : ""));
    add(list, "branch", data.label[v]);
    if (data.prob[v]) add(list, "probability", data.probFormula[v] ? data.probFormula[v] + " = " + data.prob[v] : data.prob[v]);
    if (data.pay[v] || data.payFormula[v]) add(list, "branch payoff", data.payFormula[v] ? data.payFormula[v] + " = " + data.pay[v] : data.pay[v]);
    if (data.kind[v] === "t") {
      add(list, "payoff", data.ownFormula[v] ? data.ownFormula[v] + " = " + data.own[v] : data.own[v]);
      add(list, "total payoff", data.total[v]);
    }
    add(list, "value", data.value[v]);
    if (data.actors.length) add(list, "payoffs are", "(" + data.actors.join(", ") + ")");
    add(list, "path probability", data.reach[v]);
    if (data.chosen[v] !== "-") add(list, "chosen", data.chosen[v] === "1" ? "yes" : "no");
    if (data.highlighted) add(list, "on the optimal path", data.optimal[v] === "1" ? "yes" : "no");
    add(list, "notes", data.notes[v]);
    if (kids[v].length) add(list, "below it", (size[v] - 1).toLocaleString() + " nodes" + (folded[v] ? " (folded)" : ""));
    box.appendChild(list);
    // the parameters its formulas use
    var used = [], seen = {};
    [data.probFormula[v], data.payFormula[v], data.ownFormula[v]].forEach(function (text) {
      (text.match(/[A-Za-z_][A-Za-z0-9_]*/g) || []).forEach(function (word) {
        if (parameterNames[word] && !seen[word]) { seen[word] = 1; used.push(parameterNames[word]); }
      });
    });
    if (used.length) {
      var h4 = document.createElement("h4");
      h4.textContent = "Parameters";
      box.appendChild(h4);
      var table = document.createElement("table");
      used.forEach(function (row) {
        var tr = table.insertRow();
        var name = tr.insertCell();
        name.className = "name";
        name.textContent = row.name;
        var value = tr.insertCell();
        value.className = "number";
        value.textContent = row.value;
        tr.insertCell().textContent = [row.description, row.source ? "source: " + row.source : ""].filter(Boolean).join("\n");
      });
      box.appendChild(table);
    }
    if (data.kind[v] !== "t") {
      var found = scenarios(v);
      var h5 = document.createElement("h4");
      h5.textContent = "Scenarios under it (" + found.length.toLocaleString() + (data.highlighted ? ", under the policy" : "") + ")";
      box.appendChild(h5);
      var rows = document.createElement("table");
      rows.id = "scenarios";
      var base = path(v).length;
      found.slice(0, 30).forEach(function (item) {
        var tr = rows.insertRow();
        var prob = tr.insertCell();
        prob.className = "number";
        prob.textContent = (100 * item[1]).toFixed(item[1] >= 0.1 ? 0 : 1) + "%";
        tr.insertCell().textContent = path(item[0]).slice(base).join(" > ") || data.name[item[0]];
        var pay = tr.insertCell();
        pay.className = "number";
        pay.textContent = data.total[item[0]];
      });
      box.appendChild(rows);
      if (found.length > 30) {
        var more = document.createElement("p");
        more.className = "hint";
        more.textContent = "and " + (found.length - 30).toLocaleString() + " more";
        box.appendChild(more);
      }
    }
  }

  function select(v) {
    selected = v;
    details(v);
  }
  function unfoldTo(v) {
    var u = data.parent[v];
    while (u >= 0) { folded[u] = 0; u = data.parent[u]; }
  }
  function toggle(v) {
    var k = where.get(v);
    var rect = svg.getBoundingClientRect();
    var sx = k === undefined ? 0 : placed.x[k] * view.k + view.x, sy = k === undefined ? 0 : placed.y[k] * view.k + view.y;
    if (kids[v].length) {
      if (folded[v]) {
        folded[v] = 0;
        kids[v].forEach(function (c) { if (kids[c].length && !folded[c] && depth[c] >= data.depth) folded[c] = 1; });
      } else folded[v] = 1;
    }
    select(v);
    draw();
    var m = where.get(v);
    if (m !== undefined && k !== undefined) { // keep the clicked node where it was on the screen
      view.x = sx - placed.x[m] * view.k;
      view.y = sy - placed.y[m] * view.k;
      apply();
    }
    void rect;
  }

  // ----------------------------------------------------------------- search
  var search = document.getElementById("search"), results = document.getElementById("results");
  var order = [], cursor = -1;
  function find(query) {
    matches = new Set();
    order = [];
    cursor = -1;
    results.replaceChildren();
    var q = query.trim().toLowerCase();
    if (!q) { draw(); return; }
    for (var v = 0; v < N; v++) {
      if (data.name[v].toLowerCase().indexOf(q) >= 0 || data.label[v].toLowerCase().indexOf(q) >= 0) {
        matches.add(v);
        order.push(v);
      }
    }
    order.slice(0, 50).forEach(function (v) {
      var li = document.createElement("li");
      li.textContent = (data.name[v] || "(no name)") + (v ? "  \u2014 " + path(v).join(" > ") : "");
      li.dataset.id = v;
      li.addEventListener("click", function () { jump(v); });
      results.appendChild(li);
    });
    if (order.length > 50) {
      var li = document.createElement("li");
      li.textContent = "\u2026 " + (order.length - 50).toLocaleString() + " more";
      results.appendChild(li);
    }
    order.forEach(unfoldTo);
    draw();
    document.getElementById("status").textContent = order.length.toLocaleString() + " found; " + document.getElementById("status").textContent;
  }
  function jump(v) {
    unfoldTo(v);
    select(v);
    draw();
    centre(v);
  }
  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { find(search.value); }, N > 20000 ? 250 : 80);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && order.length) {
      clearTimeout(timer);
      cursor = (cursor + 1) % order.length;
      jump(order[cursor]);
    }
  });

  // ----------------------------------------------------------------- pan, zoom, clicks
  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, moved: false };
  });
  window.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    document.getElementById("view").classList.add("dragging");
    view.x = drag.vx + dx; view.y = drag.vy + dy;
    apply();
  });
  window.addEventListener("pointerup", function (event) {
    var was = drag;
    drag = null;
    document.getElementById("view").classList.remove("dragging");
    if (!was || was.moved) return;
    var target = event.target.closest ? event.target.closest(".node") : null;
    if (target) toggle(Number(target.dataset.id));
  });
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var rect = svg.getBoundingClientRect();
    var px = event.clientX - rect.left, py = event.clientY - rect.top;
    var factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015));
    var k = Math.min(8, Math.max(0.02, view.k * factor));
    view.x = px - (px - view.x) * (k / view.k);
    view.y = py - (py - view.y) * (k / view.k);
    view.k = k;
    apply();
  }, { passive: false });
  nodeLayer.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") {
      var target = event.target.closest(".node");
      if (target) { event.preventDefault(); toggle(Number(target.dataset.id)); }
    }
  });
  function zoom(factor) {
    var rect = svg.getBoundingClientRect();
    var k = Math.min(8, Math.max(0.02, view.k * factor));
    view.x = rect.width / 2 - (rect.width / 2 - view.x) * (k / view.k);
    view.y = rect.height / 2 - (rect.height / 2 - view.y) * (k / view.k);
    view.k = k;
    apply();
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(0.8); });
  document.getElementById("fit").addEventListener("click", fit);
  document.getElementById("expand").addEventListener("click", function () {
    folded.fill(0);
    draw();
    fit();
  });
  var levels = document.getElementById("depth");
  for (var level = 1; level <= Math.max(maxDepth, 1); level++) {
    var option = document.createElement("option");
    option.value = level;
    option.textContent = level === maxDepth ? level + " (all)" : String(level);
    levels.appendChild(option);
  }
  levels.value = String(Math.min(Math.max(data.depth, 1), Math.max(maxDepth, 1)));
  levels.addEventListener("change", function () {
    data.depth = Number(levels.value);
    foldBelow(data.depth);
    draw();
    fit();
  });

  // ----------------------------------------------------------------- the page around the tree
  document.getElementById("title").textContent = data.title;
  document.getElementById("description").textContent = data.description;
  var legend = document.getElementById("legend");
  if (data.actors.length) legend.appendChild(document.createTextNode("Payoffs: (" + data.actors.join(", ") + ")"));
  Object.keys(data.colors).forEach(function (actor) {
    var swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = data.colors[actor];
    legend.appendChild(swatch);
    legend.appendChild(document.createTextNode(actor));
  });
  var table = document.getElementById("parameters");
  if (!data.parameters.length) document.getElementById("parameters-section").classList.add("empty");
  else {
    var head = table.createTHead().insertRow();
    ["name", "value", "range", "distribution", "description", "source"].forEach(function (name) {
      var th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    });
    var body = table.createTBody();
    data.parameters.forEach(function (row) {
      var tr = body.insertRow();
      tr.dataset.name = row.name;
      tr.insertCell().textContent = row.name;
      tr.insertCell().textContent = row.formula ? row.formula + " = " + row.value : row.value;
      tr.insertCell().textContent = row.low !== "" || row.high !== "" ? "[" + row.low + ", " + row.high + "]" : "";
      tr.insertCell().textContent = row.distribution;
      tr.insertCell().textContent = row.description;
      tr.insertCell().textContent = row.source;
    });
  }

  draw();
  start();
  window.decisionTreeViewer = {
    nodes: N,
    shown: function () { return visible.length; },
    toggle: toggle,
    find: find,
    jump: jump
  };
  document.body.dataset.ready = "true";
})();
