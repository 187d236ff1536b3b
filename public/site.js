// Keyboard shortcuts on every page: "/" puts the cursor in the search box (as on most search sites).
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  const box = document.querySelector('input[name="q"]');
  if (!box) return;
  e.preventDefault();
  box.focus();
  box.select();
});
