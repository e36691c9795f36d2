// The preview page's only script: listens for server-sent events and swaps in
// the new issue (fragments and frames) without reloading the page, so the
// editor keeps their place. Switches between the desktop, phone and text views.
(() => {
  const body = document.body;
  const frames = [...document.querySelectorAll('iframe.frame')];

  // Frames take their content's height, so the page (not each frame) scrolls.
  // The body's height, not the document's: that one never falls below the frame's own.
  const fit = (frame) => {
    const doc = frame.contentDocument;
    if (!doc?.body || frame.offsetParent === null) return;
    frame.style.height = `${doc.body.scrollHeight}px`;
    frame.dataset.fitted = frame.getAttribute('src') ?? '';
  };
  for (const frame of frames) frame.addEventListener('load', () => fit(frame));

  const show = (view) => {
    body.dataset.view = view;
    for (const b of document.querySelectorAll('[data-show]')) b.setAttribute('aria-pressed', String(b.dataset.show === view));
    for (const frame of frames) fit(frame);
  };
  for (const b of document.querySelectorAll('[data-show]')) b.addEventListener('click', () => show(b.dataset.show));

  let fetching = null;
  const refresh = async () => {
    const res = await fetch('/fragments', { cache: 'no-store' });
    if (!res.ok) return;
    const f = await res.json();
    if (f.version <= Number(body.dataset.version)) return;
    document.getElementById('top').innerHTML = f.top;
    document.getElementById('stories').innerHTML = f.stories;
    document.getElementById('view-text').textContent = f.text;
    if (f.issueVersion !== Number(body.dataset.issueVersion)) {
      for (const frame of frames) frame.src = `/issue.html?v=${f.issueVersion}`;
      body.dataset.issueVersion = String(f.issueVersion);
    }
    body.dataset.version = String(f.version);
  };
  // One fetch at a time; an update during it triggers one more.
  let again = false;
  const update = () => {
    if (fetching) { again = true; return; }
    fetching = refresh().catch(() => {}).finally(() => {
      fetching = null;
      if (again) { again = false; update(); }
    });
  };

  const events = new EventSource('/events');
  events.addEventListener('building', () => {
    const status = document.querySelector('#top .status');
    if (status) status.textContent = 'Rebuilding…';
  });
  events.addEventListener('update', (e) => {
    if (JSON.parse(e.data).version > Number(body.dataset.version)) update();
  });
  // After the server restarts, EventSource reconnects; catch up on what changed meanwhile.
  events.addEventListener('open', update);
})();
