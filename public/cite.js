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
