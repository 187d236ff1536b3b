// Progressive enhancement for the document page: "复制引文" copies the citation, "复制引文与原文" the paragraph's
// text in quotes followed by its citation. Without JavaScript the citation is still shown in its <details> box,
// ready to select, with BibTeX and RIS downloads beside it.
document.addEventListener('DOMContentLoaded', () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll('button.cite-copy')) {
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener('click', async () => {
      const box = button.closest('.cite-box');
      const cite = box.querySelector('.cite-text').textContent.trim();
      const para = button.closest('.para');
      const text = button.dataset.copy === 'quote' && para ? `“${para.querySelector('.para-text').textContent.trim()}”${cite}` : cite;
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = '已复制';
      } catch {
        button.textContent = '复制失败，请手动选择文字';
      }
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
});

// A long document comes in pages: a link to a paragraph on another page (`#p-<n>`, as search results give) opens the
// page that starts at it; a stable link (`#s-…`, as citations give) asks the server which page holds it. Without
// JavaScript the page links and the outline still reach it.
function openParagraphPage() {
  const body = document.querySelector('.doc-body[data-first]');
  const m = /^#(?:p-(\d+)|(s-[0-9a-z]{7}(?:-\d+)?))$/.exec(location.hash);
  if (!body || !m || document.getElementById(location.hash.slice(1))) return;
  const url = new URL(location.href);
  if (m[1]) {
    url.searchParams.set('from', m[1]);
  } else {
    url.pathname = `${url.pathname.replace(/\/$/, '')}/at/${m[2]}`;
    url.searchParams.delete('from');
    url.hash = '';
  }
  location.replace(url.toString());
}
document.addEventListener('DOMContentLoaded', openParagraphPage);
window.addEventListener('hashchange', openParagraphPage);
