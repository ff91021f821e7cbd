/* zcparks report page: fit charts to their box, and offer their data and images offline.
 *
 * Each chart is a div of class zc-chart plus its Vega-Lite spec in a JSON script block that names the div
 * (charts.spec_html). Charts are embedded with a numeric width taken from
 * their box (never shrunk with CSS), lazily when they come near the screen, then the rest in idle time; a box that
 * changes width (window, rotation, an opened details element or tab) is embedded again. Maps keep width x aspect.
 * When every visible chart is drawn, <html data-zc-charts="ready"> is set (zcparks pdf and the tests wait for it).
 *
 * Under each chart and table: Download data (CSV), Save image (PNG/SVG) and Copy data. The CSV is built here from
 * the data already in the spec (or, for a table, from the raw values kept in data-v): UTF-8 with BOM, CRLF, RFC 4180
 * quoting, raw numbers, and text cells that start with = + - @ defused with a leading apostrophe.
 */
(function () {
  'use strict';
  var UI = JSON.parse(document.getElementById('zc-ui').textContent);
  var shared = window.ZC_DATASETS || {};
  var charts = [];            // {div, spec, view, width, state}
  var NARROW = 560;           // px: below this, legends go under the chart
  var MIN_FACTOR = 0.2, MAX_FACTOR = 1.35;

  function clone(o) { return JSON.parse(JSON.stringify(o)); }
  function stem() {
    var p = decodeURIComponent(location.pathname.split('/').pop() || 'zcparks');
    return p.replace(/\.html?$/, '');
  }

  // ------------------------------------------------------------------ fitting
  function hasProjection(node) {  // a map, or a layer/concat holding one: its height follows its width
    if (!node || typeof node !== 'object') { return false; }
    if (node.projection) { return true; }
    return ['layer', 'hconcat', 'vconcat', 'concat'].some(function (k) {
      return Array.isArray(node[k]) && node[k].some(hasProjection); }) || (!!node.spec && hasProjection(node.spec));
  }

  function scaleSpec(node, f, isMap) {
    if (!node || typeof node !== 'object') { return; }
    if (Array.isArray(node)) { node.forEach(function (n) { scaleSpec(n, f, isMap); }); return; }
    var map = isMap || hasProjection(node);
    if (typeof node.width === 'number') { node.width = Math.max(40, Math.round(node.width * f)); }
    if (map && typeof node.height === 'number') { node.height = Math.max(30, Math.round(node.height * f)); }
    ['hconcat', 'vconcat', 'concat', 'layer'].forEach(function (k) { if (node[k]) { scaleSpec(node[k], f, map); } });
    if (node.spec) { scaleSpec(node.spec, f, map); }
  }

  function designWidth(node) {  // the sum of the widths across, at factor 1 (an estimate, before axes and legends)
    if (!node || typeof node !== 'object') { return 0; }
    if (node.hconcat) { return node.hconcat.reduce(function (s, n) { return s + designWidth(n); }, 0); }
    if (node.concat) {
      var cols = node.columns || node.concat.length;
      return node.concat.slice(0, cols).reduce(function (s, n) { return s + designWidth(n); }, 0);
    }
    if (node.vconcat) { return Math.max.apply(null, node.vconcat.map(designWidth).concat([0])); }
    if (node.layer && typeof node.width !== 'number') { return Math.max.apply(null, node.layer.map(designWidth).concat([0])); }
    if (node.facet && node.spec) { return designWidth(node.spec) * (node.columns || 1); }
    return typeof node.width === 'number' ? node.width : 300;
  }

  // the px across that do not scale with the plot: the spacing between views side by side (Vega-Lite's default 20)
  function gapWidth(node, sp) {
    if (!node || typeof node !== 'object') { return 0; }
    var own = typeof node.spacing === 'number' ? node.spacing : sp;
    function across(list) { return list.reduce(function (s, n) { return s + gapWidth(n, sp); }, 0) + own * (list.length - 1); }
    if (node.hconcat) { return across(node.hconcat); }
    if (node.concat) { return across(node.concat.slice(0, node.columns || node.concat.length)); }
    var down = node.vconcat || node.layer;
    if (down) { return Math.max.apply(null, down.map(function (n) { return gapWidth(n, sp); }).concat([0])); }
    if (node.facet && node.spec) { return gapWidth(node.spec, sp) * (node.columns || 1) + own * ((node.columns || 1) - 1); }
    return 0;
  }

  function narrowLegends(spec, width) {
    spec.config = spec.config || {};
    var limit = Math.round(width * 0.34);  // two legends side by side still fit
    // symbols one under the other (two legends fit side by side), colour ramps across
    spec.config.legend = Object.assign({}, spec.config.legend, {orient: 'bottom', symbolDirection: 'vertical',
      gradientDirection: 'horizontal', gradientLength: Math.min(220, Math.round(width * 0.6)), columns: 1,
      labelLimit: limit, titleLimit: limit + 20});
    (function walk(n) {  // legends set in an encoding go under the chart too
      if (!n || typeof n !== 'object') { return; }
      if (Array.isArray(n)) { n.forEach(walk); return; }
      if (n.legend && typeof n.legend === 'object') {
        n.legend.orient = 'bottom'; n.legend.columns = 1;
        delete n.legend.direction;
        n.legend.labelLimit = Math.min(n.legend.labelLimit || limit, limit);
        n.legend.titleLimit = limit + 20;
      }
      Object.keys(n).forEach(function (k) { if (typeof n[k] === 'object') { walk(n[k]); } });
    })(spec.encoding || spec);
  }

  // Vega does not wrap titles: a long one widens the chart past its box. Break titles into lines that fit, by an
  // estimate of each character's width (CJK 1 em, others 0.56 em), at spaces where there are spaces.
  function textWidth(t, size) {
    var w = 0;
    for (var i = 0; i < t.length; i += 1) { w += /[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]/.test(t.charAt(i)) ? 1 : 0.56; }
    return w * size;
  }
  function wrapLine(text, max, size) {
    if (textWidth(text, size) <= max) { return [text]; }
    var lines = [], line = '';
    var parts = text.match(/[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+\s*|\s+/g) || [text];
    parts.forEach(function (p) {
      if (line && textWidth(line + p, size) > max) { lines.push(line.replace(/\s+$/, '')); line = p.replace(/^\s+/, ''); }
      else { line += p; }
    });
    if (line) { lines.push(line); }
    return lines;
  }
  function wrapText(t, max, size) {
    var lines = Array.isArray(t) ? t : [t];
    return [].concat.apply([], lines.map(function (l) { return wrapLine(String(l), max, size); }));
  }
  function fitTitles(node, max) {
    if (!node || typeof node !== 'object') { return; }
    if (Array.isArray(node)) { node.forEach(function (n) { fitTitles(n, max); }); return; }
    if (typeof node.title === 'string' || Array.isArray(node.title)) { node.title = {text: node.title}; }
    if (node.title && typeof node.title === 'object' && node.title.text !== undefined) {
      node.title.text = wrapText(node.title.text, max, 15);
      if (node.title.subtitle) { node.title.subtitle = wrapText(node.title.subtitle, max, 12); }
    }
    ['hconcat', 'vconcat', 'concat'].forEach(function (k) { if (node[k]) { fitTitles(node[k], max); } });
  }
  function capLimits(node, max) {  // axis and legend labels may take at most `max` px on a narrow screen
    if (!node || typeof node !== 'object') { return; }
    if (Array.isArray(node)) { node.forEach(function (n) { capLimits(n, max); }); return; }
    Object.keys(node).forEach(function (k) {
      var v = node[k];
      if ((k === 'axis' || k === 'legend' || k === 'header') && v && typeof v === 'object') {
        v.labelLimit = Math.min(v.labelLimit || max, max);
      } else if (k !== 'datasets' && k !== 'data' && typeof v === 'object') { capLimits(v, max); }
    });
  }

  function specFor(c, avail, f, squeeze) {
    var spec = clone(c.spec);
    spec.datasets = spec.datasets || {};
    Object.keys(shared).forEach(function (k) { if (c.text.indexOf('"' + k + '"') >= 0) { spec.datasets[k] = shared[k]; } });
    scaleSpec(spec, f, false);
    fitTitles(spec, Math.round(avail * 0.94) - 10);
    if (avail < NARROW) {
      narrowLegends(spec, avail * squeeze);
      capLimits(spec, Math.round(avail * 0.42 * squeeze));
      spec.config.axis = Object.assign({labelLimit: Math.round(avail * 0.42 * squeeze)}, spec.config.axis);
    }
    return spec;
  }

  function renderedWidth(div) {
    var svg = div.querySelector('svg, canvas');
    return svg ? svg.getBoundingClientRect().width : 0;
  }

  function embed(c) {
    var avail = Math.floor(c.div.clientWidth);
    if (avail <= 0) { c.state = 'hidden'; return Promise.resolve(); }  // a closed <details> or hidden tab: later
    c.state = 'busy';
    c.width = avail;
    // a map has no axes, and on a phone its legends go under it: it may take the whole width but Vega's padding
    var reserve = hasProjection(c.spec) && avail < NARROW ? 12 : 90;
    var cfg = (c.spec.config || {}).concat || {};
    var gaps = gapWidth(c.spec, typeof cfg.spacing === 'number' ? cfg.spacing : 20);
    var f = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, (avail - reserve - gaps) / designWidth(c.spec)));
    var tries = 0, squeeze = 1, prev = 0, prevF = 0;
    function go() {
      tries += 1;
      if (c.view) { c.view.finalize(); c.view = null; }
      return vegaEmbed(c.div, specFor(c, avail, f, squeeze), {actions: false, renderer: 'svg'}).then(function (res) {
        c.view = res.view;
        var w = renderedWidth(c.div);
        if (tries < 8 && w > avail + 0.5) {  // axes and legends did not fit: shrink the plot, then the labels; redo
          // when shrinking the plot no longer narrows the chart, its labels and legends are what is too wide
          if (f > MIN_FACTOR && Math.abs(prev - w) > 1.5) {
            var next = f * Math.max(1, avail - 2 - gaps) / Math.max(1, w - gaps);  // gaps do not scale
            if (prevF && prevF !== f) {  // after two draws: width = a * f + b (the plot scales; labels, legends not)
              var a = (prev - w) / (prevF - f);
              if (a > 0) { next = Math.min(next, (avail - 2 - (w - a * f)) / a); }
            }
            prevF = f;
            f = Math.max(MIN_FACTOR, next);
          }
          else { squeeze *= 0.75; prevF = 0; }
          prev = w;
          return go();
        }
        c.state = 'done';
      });
    }
    return go().catch(function (err) { c.state = 'done'; console.error('chart failed: ' + err); });
  }

  var queue = [], running = false;
  function schedule(c) {
    if (queue.indexOf(c) < 0) { queue.push(c); }
    setReady(false);
    if (!running) { pump(); }
  }
  function pump() {
    var c = queue.shift();
    if (!c) { running = false; checkReady(); return; }
    running = true;
    embed(c).then(pump);
  }
  function setReady(ready) { document.documentElement.setAttribute('data-zc-charts', ready ? 'ready' : 'busy'); }
  function checkReady() {
    var pending = charts.some(function (c) { return c.state === 'new' || c.state === 'busy'; });
    setReady(!pending && !running);
  }

  // ------------------------------------------------------------------ data and images
  function rowsOf(spec) {
    var ds = spec.datasets || {};
    var name = spec.data && spec.data.name;
    var rows = spec.data && spec.data.values;
    if (!rows && name) { rows = ds[name] || shared[name]; }
    if (!rows) {  // concat or layer with their own data: the largest dataset
      var best = null;
      Object.keys(ds).forEach(function (k) { if (!best || ds[k].length > best.length) { best = ds[k]; } });
      rows = best || [];
    }
    return rows.map(function (r) {
      if (r && r.type === 'Feature') { return Object.assign({}, r.properties || {}); }
      return r;
    });
  }

  function cell(v) {
    if (v === null || v === undefined) { return ''; }
    if (typeof v === 'number') { return isFinite(v) ? String(v) : ''; }
    if (typeof v === 'boolean') { return v ? 'true' : 'false'; }
    var s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (/^[=+\-@\t\r]/.test(s)) { s = "'" + s; }  // a spreadsheet would run it as a formula
    if (/[",\r\n]/.test(s) || /^\s|\s$/.test(s)) { s = '"' + s.replace(/"/g, '""') + '"'; }
    return s;
  }

  function csvText(header, rows) {
    return [header].concat(rows).map(function (r) { return r.map(cell).join(','); }).join('\r\n') + '\r\n';
  }

  function chartTable(c) {
    var rows = rowsOf(c.spec);
    var names = (c.spec.usermeta && c.spec.usermeta.zc && c.spec.usermeta.zc.columns) || {};
    var keys = [];
    rows.forEach(function (r) { Object.keys(r).forEach(function (k) { if (keys.indexOf(k) < 0) { keys.push(k); } }); });
    keys = keys.filter(function (k) { return k !== 'geometry' && k.charAt(0) !== '_'; });
    return {header: keys.map(function (k) { return names[k] || k; }),
            rows: rows.map(function (r) { return keys.map(function (k) { return r[k]; }); })};
  }

  function htmlTable(table) {
    var head = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) { return th.textContent.trim(); });
    var rows = Array.prototype.map.call(table.querySelectorAll('tbody tr'), function (tr) {
      return Array.prototype.map.call(tr.children, function (td) {
        if (!td.hasAttribute('data-v')) { return td.textContent.trim(); }
        var v = td.getAttribute('data-v'), t = td.getAttribute('data-t');
        return t === 'n' ? (v === '' ? null : Number(v)) : v;
      });
    });
    return {header: head, rows: rows};
  }

  function save(name, blob) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function csvBlob(t) { return new Blob(['\ufeff' + csvText(t.header, t.rows)], {type: 'text/csv;charset=utf-8'}); }

  function copy(box, text) {
    function fallback() {  // in-app browsers often block both downloads and the clipboard: show the text to select
      var area = box.querySelector('textarea.zc-copy') || document.createElement('textarea');
      area.className = 'zc-copy';
      area.readOnly = true;
      area.value = text;
      box.appendChild(area);
      area.focus();
      area.select();
      try { document.execCommand('copy'); } catch (e) { /* selected for the reader to copy */ }
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { flash(box, UI.copied); }, fallback);
    } else { fallback(); }
  }

  function flash(box, text) {
    var s = box.querySelector('.zc-flash') || document.createElement('span');
    s.className = 'zc-flash';
    s.textContent = text;
    box.appendChild(s);
    setTimeout(function () { s.textContent = ''; }, 2500);
  }

  function button(label, cls, onclick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = cls;
    b.textContent = label;
    b.addEventListener('click', onclick);
    return b;
  }

  function tools(after, getTable, name, view, forId) {
    var box = document.createElement('div');
    box.className = 'zc-tools';
    box.setAttribute('data-for', forId);
    box.appendChild(button(UI.download_csv, 'zc-dl-csv', function () { save(name + '.csv', csvBlob(getTable())); }));
    if (view) {
      ['png', 'svg'].forEach(function (kind) {
        box.appendChild(button(UI['save_' + kind], 'zc-dl-' + kind, function () {
          var v = view();
          if (!v) { return; }
          v.toImageURL(kind, kind === 'png' ? 2 : 1).then(function (url) {
            var a = document.createElement('a');
            a.href = url;
            a.download = name + '.' + kind;
            document.body.appendChild(a);
            a.click();
            a.remove();
          }).catch(function (err) { console.error('image failed: ' + err); });
        }));
      });
    }
    box.appendChild(button(UI.copy_data, 'zc-copy-data', function () {
      var t = getTable();
      copy(box, [t.header].concat(t.rows).map(function (r) {
        return r.map(function (v) { return v === null || v === undefined ? '' : String(v).replace(/[\t\r\n]+/g, ' '); }).join('\t');
      }).join('\n'));
    }));
    after.parentNode.insertBefore(box, after.nextSibling);
    return box;
  }

  // ------------------------------------------------------------------ start
  var base = stem();
  Array.prototype.forEach.call(document.querySelectorAll('script[data-zc-chart]'), function (s) {
    var div = document.getElementById(s.getAttribute('data-zc-chart'));
    if (!div) { return; }
    var c = {div: div, text: s.textContent, spec: JSON.parse(s.textContent), view: null, width: -1, state: 'new'};
    charts.push(c);
    var after = div.nextElementSibling && div.nextElementSibling.tagName === 'SCRIPT' ? div.nextElementSibling : div;
    var source = after.nextElementSibling;
    if (source && source.classList.contains('zc-source')) { after = source; }
    tools(after, function () { return chartTable(c); }, base + '-' + div.id, function () { return c.view; }, div.id);
  });
  Array.prototype.forEach.call(document.querySelectorAll('table.zc-table'), function (table, i) {
    var wrap = table.closest('.zc-table-wrap');
    if (!wrap) {  // every table scrolls inside its own box, never the page
      wrap = document.createElement('div');
      wrap.className = 'zc-table-wrap';
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    }
    table.setAttribute('data-zc-table', String(i + 1));
    tools(wrap, function () { return htmlTable(table); }, base + '-table-' + (i + 1), null, 'table-' + (i + 1));
  });

  setReady(charts.length === 0);
  var seen = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      var c = charts.filter(function (x) { return x.div === e.target; })[0];
      if (e.isIntersecting && c && c.state === 'new') { schedule(c); }
    });
  }, {rootMargin: '800px 0px'}) : null;
  var timer = null;
  var resized = 'ResizeObserver' in window ? new ResizeObserver(function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      charts.forEach(function (c) {
        var w = Math.floor(c.div.clientWidth);
        if ((c.state === 'done' || c.state === 'hidden') && w > 0 && Math.abs(w - c.width) > 4) { schedule(c); }
      });
    }, 120);
  }) : null;
  charts.forEach(function (c) {
    if (seen) { seen.observe(c.div); } else { schedule(c); }
    if (resized) { resized.observe(c.div); }
  });
  function idle() {  // the charts far down the page, one at a time when the browser is idle
    var next = charts.filter(function (c) { return c.state === 'new'; })[0];
    if (!next) { return; }
    schedule(next);
    (window.requestIdleCallback || function (fn) { return setTimeout(fn, 50); })(idle);
  }
  window.addEventListener('load', function () { (window.requestIdleCallback || setTimeout)(idle); });
  document.addEventListener('toggle', function () { setTimeout(function () { charts.forEach(function (c) {
    if (c.state === 'hidden' && c.div.clientWidth > 0) { schedule(c); } }); }, 0); }, true);
  function settled() {  // every chart drawn at its box's present width (or hidden), nothing queued
    return !running && queue.length === 0 && charts.every(function (c) {
      var w = Math.floor(c.div.clientWidth);
      return c.state === 'hidden' ? w === 0 : c.state === 'done' && Math.abs(w - c.width) <= 4;
    });
  }
  window.zcparks = {charts: charts, settled: settled, csvText: csvText,
                    csv: function (i) { var t = chartTable(charts[i]); return csvText(t.header, t.rows); }};
})();
