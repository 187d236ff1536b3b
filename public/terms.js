// The term × report page: a chosen file's text goes into the list (the page works without this, by pasting).
(() => {
  const input = document.getElementById('terms-file');
  const area = document.getElementById('terms-input');
  if (!input || !area) return;
  input.addEventListener('change', () => {
    const file = input.files && input.files[0];
    if (!file) return;
    file.text().then((text) => {
      // A CSV's first column; a plain list as it is.
      const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((l) => (/\.csv$/i.test(file.name) ? l.split(',')[0] : l));
      area.value = lines.join('\n');
    });
  });
})();
