// Everything on screen that is cut: a list of plain descriptions (empty = nothing cut), or null
// while a shown chart or grid has not drawn yet.
// Used by test_layout_browser.py; kept as a file so it can be read and run in a browser console.
() => {
  const cut = [];
  // Shown: has a size, is not in a closed expander (whose contents keep a size) and not in a
  // collapsed sidebar (which keeps its contents, squeezed or off screen).
  const shown = e => {
    const r = e.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0 || e.closest('details:not([open])')) return false;
    const side = e.closest('[data-testid=stSidebar]');
    if (!side) return true;
    const s = side.getBoundingClientRect();
    return side.getAttribute('aria-expanded') !== 'false' && s.width > 100 && s.right > 0;
  };
  // Not ready until every shown chart and grid has drawn.
  const drawn = [...document.querySelectorAll('[data-testid=stDataFrame]')].filter(shown).every(g => g.querySelector('canvas'))
    && [...document.querySelectorAll('[data-testid=stPlotlyChart]')].filter(shown).every(g => g.querySelector('svg.main-svg'));
  if (!drawn) return null;
  // Not ready while a web font is still loading: text measured in a fallback font can read
  // wider than the grid draws it once its font is in.
  if (document.fonts.status !== 'loaded') return null;
  const say = (what, e, extra) => cut.push(`${what}: "${(e.textContent || '').trim().slice(0, 70)}"${extra ? ' ' + extra : ''}`);
  const px = n => Math.round(n);
  const app = document.querySelector('[data-testid=stApp]');

  // 1. The page itself never scrolls sideways.
  const doc = document.scrollingElement;
  if (doc.scrollWidth > doc.clientWidth + 1) cut.push(`page: ${doc.scrollWidth}px wide in a ${doc.clientWidth}px window`);

  // 2. Headings, paragraphs, captions, labels, metrics, tabs: content wider than the box.
  const text = 'h1,h2,h3,h4,h5,h6,p,li,label,[data-testid=stCaptionContainer],' +
    '[data-testid=stMetricValue],[data-testid=stMetricLabel],[data-testid=stMetricDelta],' +
    '[data-testid=stMarkdownContainer],[role=tablist],[data-testid=stExpander] summary';
  for (const e of app.querySelectorAll(text)) {
    if (!shown(e) || e.closest('.js-plotly-plot,[data-testid=stDataFrame],[data-testid=stCode],pre,table')) continue;
    if (getComputedStyle(e).display.startsWith('inline')) continue;
    if (e.scrollWidth > e.clientWidth + 1) say('text', e, `(${e.scrollWidth}px in ${e.clientWidth}px)`);
  }

  // 3. Plotly charts: titles, axis titles, tick labels, legend entries and annotations inside
  //    the figure; legend entries inside the legend and not on top of one another.
  for (const plot of app.querySelectorAll('.js-plotly-plot')) {
    if (!shown(plot)) continue;
    const box = plot.querySelector('svg.main-svg').getBoundingClientRect();
    const holder = plot.closest('[data-testid=stPlotlyChart]') || plot;
    const outer = holder.getBoundingClientRect();
    if (box.right > outer.right + 1) say('chart wider than its place', plot.querySelector('.gtitle') || plot, `(${px(box.width)}px in ${px(outer.width)}px)`);
    const inside = (r, b) => r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
    for (const t of plot.querySelectorAll('.gtitle,.xtitle,.ytitle,.legendtext,.annotation-text,.cbtitle text,.xtick text,.ytick text,.legendtitletext')) {
      const r = t.getBoundingClientRect();
      if (r.width > 0 && !inside(r, box)) say('chart text outside the figure', t);
    }
    for (const legend of plot.querySelectorAll('g.legend')) {
      const bg = legend.querySelector('rect.bg');
      const frame = bg ? bg.getBoundingClientRect() : box;
      const texts = [...legend.querySelectorAll('.legendtext')].filter(t => t.getBoundingClientRect().width > 0);
      const entries = [...legend.querySelectorAll('g.traces')];
      texts.forEach(t => { if (!inside(t.getBoundingClientRect(), frame)) say('legend entry cut', t); });
      // Each entry's text must end before the next entry on its row begins.
      for (const t of texts) {
        const r = t.getBoundingClientRect();
        for (const other of entries) {
          if (other.contains(t)) continue;
          const o = other.getBoundingClientRect();
          const overlap = Math.min(r.right, o.right) - Math.max(r.left, o.left);
          const sameRow = Math.min(r.bottom, o.bottom) - Math.max(r.top, o.top) > 2;
          if (sameRow && overlap > 2) { say('legend entry runs into the next', t); break; }
        }
      }
    }
  }

  // 4. Charts drawn on the server (SVG images): each image has decoded, and every text in it
  //    lies inside the image and, in the plot area, inside its clip. Measured on a copy laid
  //    out in the page, in the image's own fonts (no web font reaches an image).
  for (const img of app.querySelectorAll('[data-testid=stImage] img')) {
    if (!shown(img) || !img.src.startsWith('data:image/svg+xml')) continue;
    if (!img.complete) return null;
    if (img.naturalWidth === 0) { cut.push(`chart image did not draw: "${img.alt.slice(0, 70)}"`); continue; }
    const holder = document.createElement('div');
    holder.style.cssText = 'position:absolute;left:-20000px;top:0;visibility:hidden';
    holder.innerHTML = atob(img.src.split(',')[1]);
    document.body.appendChild(holder);
    const svg = holder.querySelector('svg');
    svg.setAttribute('font-family', 'Arial, Helvetica, "Liberation Sans", sans-serif');
    const frame = svg.getBoundingClientRect();
    const inside = (r, b) => r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
    // A clip's rectangle is not drawn, so it has no box on screen: place it from its own units
    // (the copy is at its natural size, one unit a pixel).
    const area = b => ({left: frame.left + b.x, right: frame.left + b.x + b.width, top: frame.top + b.y, bottom: frame.top + b.y + b.height});
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      const clipped = t.closest('[clip-path]');
      const clip = clipped && svg.querySelector(clipped.getAttribute('clip-path').slice(4, -1) + ' rect');
      if (r.width > 0 && !inside(r, frame)) say(`chart text outside "${img.alt.slice(0, 40)}"`, t);
      else if (clip && r.width > 0 && !inside(r, area(clip.getBBox()))) say(`chart text clipped in "${img.alt.slice(0, 40)}"`, t);
    }
    holder.remove();
  }

  // 5. Data grids (st.dataframe draws on a canvas): no column off to the side, and every
  //    header and cell text fits its column (measured with the grid's own font).
  const measure = document.createElement('canvas').getContext('2d');
  for (const grid of app.querySelectorAll('[data-testid=stDataFrame]')) {
    if (!shown(grid)) continue;
    const scroller = grid.querySelector('.dvn-scroller');
    const canvas = grid.querySelector('canvas');
    if (!scroller || !canvas) continue;
    if (scroller.scrollWidth > scroller.clientWidth + 1) say('table wider than its place', grid.querySelector('[role=columnheader]') || grid, `(${scroller.scrollWidth}px in ${scroller.clientWidth}px)`);
    const key = Object.keys(canvas).find(k => k.startsWith('__reactFiber'));
    let fiber = key && canvas[key], props = null;
    for (let i = 0; fiber && i < 20; i++, fiber = fiber.return) {
      const p = fiber.memoizedProps;
      if (p && Array.isArray(p.columns) && p.getCellContent) { props = p; break; }
    }
    if (!props) { cut.push('table: cannot read its columns'); continue; }
    const theme = props.theme, pad = 2 * (theme.cellHorizontalPadding || 8);
    const family = theme.fontFamily;
    for (const font of [`${theme.headerFontStyle} ${family}`, `${theme.baseFontStyle} ${family}`]) {
      if (!document.fonts.check(font)) { document.fonts.load(font); return null; }
    }
    props.columns.forEach((col, c) => {
      measure.font = `${theme.headerFontStyle} ${family}`;
      const icon = col.icon ? 20 : 0;
      const head = measure.measureText(col.title || '').width + pad + icon;
      if (head > col.width + 2) cut.push(`table header cut: "${col.title}" (${px(head)}px in ${px(col.width)}px)`);
      measure.font = `${theme.baseFontStyle} ${family}`;
      for (let r = 0; r < Math.min(props.rows, 60); r++) {
        const cell = props.getCellContent([c, r]);
        if (!cell || cell.allowWrapping || typeof cell.displayData !== 'string') continue;
        const w = measure.measureText(cell.displayData).width + pad;
        if (w > col.width + 2) { cut.push(`table cell cut: "${cell.displayData.slice(0, 70)}" in column "${col.title}" (${px(w)}px in ${px(col.width)}px)`); break; }
      }
    });
  }
  return cut;
}
