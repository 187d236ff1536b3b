// Progressive enhancement for the document page: a "复制引文" button in each citation box.
// Without JavaScript the citation text is still shown in its <details> box, ready to select.
document.addEventListener('DOMContentLoaded', () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll('button.cite-copy')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(button.parentElement.querySelector('.cite-text').textContent);
        button.textContent = '已复制';
      } catch {
        button.textContent = '复制失败，请手动选择文字';
      }
      setTimeout(() => { button.textContent = '复制引文'; }, 2000);
    });
  }
});

// A long document comes in pages: a link to a paragraph on another page (`#p-<n>`, as search results and citations
// give) opens the page that starts at it. Without JavaScript the page links and the outline still reach it.
function openParagraphPage() {
  const body = document.querySelector('.doc-body[data-first]');
  const m = /^#p-(\d+)$/.exec(location.hash);
  if (!body || !m || document.getElementById(`p-${m[1]}`)) return;
  const url = new URL(location.href);
  url.searchParams.set('from', m[1]);
  location.replace(url.toString());
}
document.addEventListener('DOMContentLoaded', openParagraphPage);
window.addEventListener('hashchange', openParagraphPage);
