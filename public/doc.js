// The document page while reading: the sticky bar says which hit and chapter are on screen, its "上一处 / 下一处"
// links (and the keys n / p) go to the hit after or before it, the outline marks the current chapter, and on a
// phone "目录" opens the outline over the page. Without JavaScript the bar's links go to the last and first hit,
// each hit carries links to its neighbours, and "目录" jumps to the outline at the end of the page.
document.addEventListener('DOMContentLoaded', () => {
  const body = document.querySelector('.doc-body');
  const bar = document.querySelector('.doc-bar');
  if (!body || !bar) return;
  const hits = [...body.querySelectorAll('.para.has-hit')];
  const paras = [...body.querySelectorAll('.para')];
  const pos = bar.querySelector('.hit-pos');
  const prev = bar.querySelector('.hit-prev');
  const next = bar.querySelector('.hit-next');
  const chapterLine = bar.querySelector('.bar-chapter');
  const outline = document.getElementById('outline');
  const outlineLinks = outline ? [...outline.querySelectorAll('a[data-chapter]')] : [];

  const barBottom = () => bar.getBoundingClientRect().bottom + 4;

  function update() {
    const top = barBottom();
    // The current hit is the first one not yet scrolled past: where "下一处" has just brought the reader.
    const k = hits.findIndex((h) => h.getBoundingClientRect().bottom > top);
    if (hits.length > 0) {
      const n = hits.length;
      const on = k >= 0 && hits[k].getBoundingClientRect().top < window.innerHeight;
      let prevK;
      let nextK;
      if (on) {
        pos.textContent = `第 ${k + 1}/${n} 处`;
        prevK = k - 1;
        nextK = k + 1;
      } else {
        // Between hits (or past the last): the one before is the last scrolled past.
        const before = k < 0 ? n - 1 : k - 1;
        pos.textContent = before < 0 ? `共 ${n} 处` : `第 ${before + 1}/${n} 处之后`;
        prevK = before;
        nextK = k < 0 ? n : k;
      }
      prev.href = `#${hits[prevK >= 0 ? prevK : n - 1].id}`;
      next.href = `#${hits[nextK < n ? nextK : 0].id}`;
    }
    // The chapter of the first paragraph under the bar.
    let chapter = '';
    for (const para of paras) {
      if (para.getBoundingClientRect().bottom > top) { chapter = para.dataset.chapter || ''; break; }
    }
    if (chapterLine.textContent !== chapter) chapterLine.textContent = chapter;
    for (const a of outlineLinks) {
      if (a.dataset.chapter === chapter) a.setAttribute('aria-current', 'location');
      else a.removeAttribute('aria-current');
    }
  }

  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => { scheduled = false; update(); });
  };
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);
  window.addEventListener('hashchange', schedule);
  update();

  function go(link) {
    if (!link) return;
    const target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    history.pushState(null, '', link.getAttribute('href'));
    target.scrollIntoView({ block: 'start' });
    // Moves the reading position there for keyboard and screen-reader users too.
    target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
    // :target does not follow pushState; mark the paragraph as a hit link would.
    document.querySelector('.para.is-target')?.classList.remove('is-target');
    target.classList.add('is-target');
    update();
  }
  for (const link of [prev, next]) {
    link?.addEventListener('click', (e) => { e.preventDefault(); go(link); });
  }
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || hits.length === 0) return;
    const t = e.target;
    if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key === 'n' || e.key === 'j') { e.preventDefault(); go(next); }
    else if (e.key === 'p' || e.key === 'k') { e.preventDefault(); go(prev); }
  });

  // On a phone the outline is a panel behind "目录" in the bar.
  const toggle = bar.querySelector('.bar-outline');
  const narrow = window.matchMedia('(max-width: 820px)');
  if (toggle && outline) {
    toggle.setAttribute('aria-expanded', 'false');
    toggle.addEventListener('click', (e) => {
      if (!narrow.matches) return;
      e.preventDefault();
      const open = !outline.classList.contains('open');
      // Just under the bar, whose height depends on the title's length.
      const below = Math.round(bar.getBoundingClientRect().bottom) + 4;
      outline.style.top = open ? `${below}px` : '';
      outline.style.maxHeight = open ? `calc(100vh - ${below + 12}px)` : '';
      outline.classList.toggle('open', open);
      toggle.setAttribute('aria-expanded', String(open));
      if (open) outline.focus();
    });
    outline.addEventListener('click', (e) => {
      if (e.target.closest('a') && outline.classList.contains('open')) {
        outline.classList.remove('open');
        toggle.setAttribute('aria-expanded', 'false');
      }
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && outline.classList.contains('open')) {
        outline.classList.remove('open');
        toggle.setAttribute('aria-expanded', 'false');
        toggle.focus();
      }
    });
  }
});
